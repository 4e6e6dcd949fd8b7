// Reporting's pages (报表): the 零就业家庭台帐 as of a day, every ledger exported in one
// workbook, an office's 工作计划 with its dashboard, the 统计数据 of a subtree and the
// 社区戒毒康复台帐 (names for the rehab roles, counts for everyone else), the 人民调解台帐
// (parties for mediators and 司法所, masked for everyone else), the 活动与志愿者台帐 and the
// 活动月报. Listed under 台帐 in the menu.
import type { RouteRecordRaw } from "vue-router";
import { ACCESS } from "@/access";

export const reportingRoutes: RouteRecordRaw[] = [
  {
    path: "ledgers/zero-employment-households",
    name: "ledger-zero-households",
    component: () => import("@/pages/reporting/ZeroLedger.vue"),
    meta: { title: "reportingPages.menu.zeroLedger", roles: ACCESS.readReports, menu: "ledgers" },
  },
  {
    path: "ledgers/export",
    name: "ledger-export",
    component: () => import("@/pages/reporting/LedgerExport.vue"),
    meta: { title: "reportingPages.menu.exportAll", roles: ACCESS.readReports, menu: "ledgers" },
  },
  {
    path: "ledgers/rehab",
    name: "ledger-rehab",
    component: () => import("@/pages/reporting/RehabLedgers.vue"),
    meta: { title: "reportingPages.menu.rehabLedgers", roles: ACCESS.readRehabLedgers, menu: "ledgers" },
  },
  {
    path: "ledgers/mediation",
    name: "ledger-mediation",
    component: () => import("@/pages/reporting/MediationLedgers.vue"),
    meta: { title: "reportingPages.menu.mediationLedgers", roles: ACCESS.readReports, menu: "ledgers" },
  },
  {
    path: "ledgers/events",
    name: "ledger-events",
    component: () => import("@/pages/reporting/EventsLedgers.vue"),
    meta: { title: "reportingPages.menu.eventsLedgers", roles: ACCESS.readReports, menu: "ledgers" },
  },
  {
    path: "reporting/monthly",
    name: "monthly-report",
    component: () => import("@/pages/reporting/MonthlyReport.vue"),
    meta: { title: "reportingPages.menu.monthly", roles: ACCESS.readReports, menu: "ledgers" },
  },
  {
    path: "reporting/work-plans",
    name: "work-plan",
    component: () => import("@/pages/reporting/WorkPlan.vue"),
    meta: { title: "reportingPages.menu.workPlan", roles: ACCESS.readReports, menu: "ledgers" },
  },
  {
    path: "reporting/figures",
    name: "figures",
    component: () => import("@/pages/reporting/Figures.vue"),
    meta: { title: "reportingPages.menu.figures", roles: ACCESS.readReports, menu: "ledgers" },
  },
];

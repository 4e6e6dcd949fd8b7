// Employment's pages in this slice: the 失业人员台帐 (its ledger, or reporting's as of a day).
import type { RouteRecordRaw } from "vue-router";
import { ACCESS } from "@/access";

export const employmentRoutes: RouteRecordRaw[] = [
  {
    path: "ledgers/unemployed",
    name: "ledger-unemployed",
    component: () => import("@/pages/employment/UnemployedLedger.vue"),
    meta: { title: "menu.unemployedLedger", roles: ACCESS.readEmployment, menu: "ledgers" },
  },
];

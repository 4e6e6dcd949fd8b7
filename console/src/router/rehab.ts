// Rehab's pages (社区戒毒康复): the worker's 待办, 案件 (a list, a new case from a decision,
// the case page), 禁毒社工 (the office's groups, lectures, problem students), 统计 (counts,
// for admins and auditors too), and 紧急查阅 with its review list. Listed under 社区戒毒康复
// in the menu, each only for the roles rehab lets use it.
import type { RouteRecordRaw } from "vue-router";
import { ACCESS } from "@/access";

export const rehabRoutes: RouteRecordRaw[] = [
  {
    path: "rehab/to-dos",
    name: "rehab-to-dos",
    component: () => import("@/pages/rehab/ToDos.vue"),
    meta: { title: "rehabPages.menu.toDos", roles: ACCESS.readRehabCases, menu: "rehab" },
  },
  {
    path: "rehab/cases",
    name: "rehab-cases",
    component: () => import("@/pages/rehab/Cases.vue"),
    meta: { title: "rehabPages.menu.cases", roles: ACCESS.readRehabCases, menu: "rehab" },
  },
  {
    path: "rehab/cases/new",
    name: "rehab-case-new",
    component: () => import("@/pages/rehab/CaseNew.vue"),
    meta: { title: "rehabPages.menu.newCase", roles: ACCESS.writeRehabCases, menu: "rehab" },
  },
  {
    path: "rehab/cases/:id",
    name: "rehab-case",
    component: () => import("@/pages/rehab/CasePage.vue"),
    meta: { title: "rehabPages.cases.title", roles: ACCESS.readRehabCases },
  },
  {
    path: "rehab/social-work",
    name: "rehab-social-work",
    component: () => import("@/pages/rehab/SocialWork.vue"),
    meta: { title: "rehabPages.menu.socialWork", roles: ACCESS.readRehabCases, menu: "rehab" },
  },
  {
    path: "rehab/figures",
    name: "rehab-figures",
    component: () => import("@/pages/rehab/Figures.vue"),
    meta: { title: "rehabPages.menu.figures", roles: ACCESS.rehabFigures, menu: "rehab" },
  },
  {
    path: "rehab/break-glass",
    name: "rehab-break-glass",
    component: () => import("@/pages/rehab/BreakGlass.vue"),
    meta: { title: "rehabPages.menu.breakGlass", roles: ACCESS.rehabBreakGlass, menu: "rehab" },
  },
  {
    path: "rehab/break-glass/reads",
    name: "rehab-break-glass-reads",
    component: () => import("@/pages/rehab/BreakGlassReads.vue"),
    meta: { title: "rehabPages.menu.breakGlassReads", roles: ACCESS.reviewRehabBreakGlass, menu: "rehab" },
  },
];

// 创建考评's pages (reporting's designations and scorecards, issue #19): the board of a
// campaign's scorecard for any office and day with the to-dos, a designation with its
// trail and the steps the reader may take, and the district's campaign settings.
// Listed under 创建考评 in the menu; a designation opens from the board.
import type { RouteRecordRaw } from "vue-router";
import { ACCESS } from "@/access";

export const designationRoutes: RouteRecordRaw[] = [
  {
    path: "designations",
    name: "designations",
    component: () => import("@/pages/designations/Board.vue"),
    meta: { title: "designationPages.menu.board", roles: ACCESS.readDesignations, menu: "designations" },
  },
  {
    path: "designations/campaigns",
    name: "designation-campaigns",
    component: () => import("@/pages/designations/Campaigns.vue"),
    meta: { title: "designationPages.menu.campaigns", roles: ACCESS.defineCampaigns, menu: "designations" },
  },
  {
    path: "designations/:office/:campaign",
    name: "designation",
    component: () => import("@/pages/designations/DesignationPage.vue"),
    meta: { title: "designationPages.designation.title", roles: ACCESS.readDesignations },
  },
];

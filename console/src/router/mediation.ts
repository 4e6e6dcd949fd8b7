// Mediation's pages (人民调解): the mediator's 待办, 台帐, 登记纠纷, a dispute, 统计,
// the committees' 值班表 and 导入台帐 (moving in). Listed under 人民调解 in the menu, each only for the roles
// mediation lets use it.
import type { RouteRecordRaw } from "vue-router";
import { ACCESS } from "@/access";

export const mediationRoutes: RouteRecordRaw[] = [
  {
    path: "mediation/to-dos",
    name: "mediation-to-dos",
    component: () => import("@/pages/mediation/ToDos.vue"),
    meta: { title: "mediationPages.menu.toDos", roles: ACCESS.writeDisputes, menu: "mediation" },
  },
  {
    path: "mediation/ledger",
    name: "mediation-ledger",
    component: () => import("@/pages/mediation/Ledger.vue"),
    meta: { title: "mediationPages.menu.ledger", roles: ACCESS.readDisputes, menu: "mediation" },
  },
  {
    path: "mediation/disputes/new",
    name: "mediation-dispute-new",
    component: () => import("@/pages/mediation/DisputeNew.vue"),
    meta: { title: "mediationPages.menu.newDispute", roles: ACCESS.writeDisputes, menu: "mediation" },
  },
  {
    path: "mediation/disputes/:id",
    name: "mediation-dispute",
    component: () => import("@/pages/mediation/DisputePage.vue"),
    meta: { title: "mediationPages.dispute.title", roles: ACCESS.readDisputes },
  },
  {
    path: "mediation/import",
    name: "mediation-import",
    component: () => import("@/pages/mediation/LedgerImport.vue"),
    meta: { title: "mediationPages.menu.import", roles: ACCESS.writeDisputes, menu: "mediation" },
  },
  {
    path: "mediation/figures",
    name: "mediation-figures",
    component: () => import("@/pages/mediation/Figures.vue"),
    meta: { title: "mediationPages.menu.figures", roles: ACCESS.readDisputes, menu: "mediation" },
  },
  {
    path: "mediation/committees",
    name: "mediation-committees",
    component: () => import("@/pages/mediation/Committees.vue"),
    meta: { title: "mediationPages.menu.committees", roles: ACCESS.readCommittees, menu: "mediation" },
  },
];

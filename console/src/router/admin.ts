// 系统管理: the office tree and the staff of the signed-in administrator's subtree.
import type { RouteRecordRaw } from "vue-router";
import { ACCESS } from "@/access";

export const adminRoutes: RouteRecordRaw[] = [
  {
    path: "admin/offices",
    name: "admin-offices",
    component: () => import("@/pages/admin/Offices.vue"),
    meta: { title: "adminPages.menu.offices", roles: ACCESS.writeOffices, menu: "admin" },
  },
  {
    path: "admin/staff",
    name: "admin-staff",
    component: () => import("@/pages/admin/Staff.vue"),
    meta: { title: "adminPages.menu.staff", roles: ACCESS.manageStaff, menu: "admin" },
  },
];

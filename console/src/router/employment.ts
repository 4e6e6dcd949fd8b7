// Employment's pages: a person's 就业档案 (labour status, 失业登记, follow-ups), the open
// follow-ups and 零就业家庭 of the reader's subtree, and the 失业人员台帐 (its ledger, or
// reporting's as of a day).
import type { RouteRecordRaw } from "vue-router";
import { ACCESS } from "@/access";

export const employmentRoutes: RouteRecordRaw[] = [
  {
    path: "employment/follow-ups",
    name: "follow-ups",
    component: () => import("@/pages/employment/FollowUps.vue"),
    meta: { title: "menu.followUps", roles: ACCESS.readEmployment, menu: "employment" },
  },
  {
    path: "employment/zero-households",
    name: "zero-households",
    component: () => import("@/pages/employment/ZeroHouseholds.vue"),
    meta: { title: "menu.zeroHouseholds", roles: ACCESS.readEmployment, menu: "employment" },
  },
  {
    path: "employment/persons/:id",
    name: "employment-person",
    component: () => import("@/pages/employment/EmploymentFile.vue"),
    props: true,
    meta: { title: "employment.file", roles: ACCESS.readEmployment },
  },
  {
    path: "ledgers/unemployed",
    name: "ledger-unemployed",
    component: () => import("@/pages/employment/UnemployedLedger.vue"),
    meta: { title: "menu.unemployedLedger", roles: ACCESS.readEmployment, menu: "ledgers" },
  },
];

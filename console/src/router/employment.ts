// Employment's pages: a person's 就业档案 (labour status, 失业登记, follow-ups), the open
// follow-ups and 零就业家庭 of the reader's subtree, and the 失业人员台帐 (its ledger, or
// reporting's as of a day); the job bank (岗位: vacancies, matches, referrals), the
// full-employment standard (充分就业社区达标), the difficulty ledger and the registers of
// certificates, training and guidance.
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
  {
    path: "employment/vacancies",
    name: "vacancies",
    component: () => import("@/pages/employment/Vacancies.vue"),
    meta: { title: "employmentPages.menu.vacancies", roles: ACCESS.readEmployment, menu: "employment" },
  },
  {
    path: "employment/vacancies/:id",
    name: "vacancy",
    component: () => import("@/pages/employment/Vacancy.vue"),
    props: true,
    meta: { title: "employmentPages.vacancies.detail", roles: ACCESS.readEmployment },
  },
  {
    path: "employment/standard",
    name: "full-employment-standard",
    component: () => import("@/pages/employment/Standard.vue"),
    meta: { title: "employmentPages.menu.standard", roles: ACCESS.readEmployment, menu: "employment" },
  },
  {
    path: "ledgers/difficulty",
    name: "ledger-difficulty",
    component: () => import("@/pages/employment/DifficultyLedger.vue"),
    meta: { title: "employmentPages.menu.difficulty", roles: ACCESS.readEmployment, menu: "ledgers" },
  },
  {
    path: "ledgers/registers",
    name: "employment-registers",
    component: () => import("@/pages/employment/Registers.vue"),
    meta: { title: "employmentPages.menu.registers", roles: ACCESS.readEmployment, menu: "ledgers" },
  },
];

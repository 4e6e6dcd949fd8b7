// The registry's pages: 居民档案 (search, a person's file, registering a person, the
// retention period with the files due for erasure), 户籍家庭 and 导入居民台帐.
import type { RouteRecordRaw } from "vue-router";
import { ACCESS } from "@/access";

export const registryRoutes: RouteRecordRaw[] = [
  {
    path: "persons",
    name: "persons",
    component: () => import("@/pages/registry/PersonSearch.vue"),
    meta: { title: "menu.personSearch", roles: ACCESS.readPersons, menu: "persons" },
  },
  {
    path: "persons/new",
    name: "person-register",
    component: () => import("@/pages/registry/PersonRegister.vue"),
    meta: { title: "menu.personRegister", roles: ACCESS.registerPersons, menu: "persons" },
  },
  {
    path: "persons/:id",
    name: "person-file",
    component: () => import("@/pages/registry/PersonFile.vue"),
    props: (route) => ({
      id: route.params.id,
      after: typeof route.query.after === "string" ? route.query.after : undefined,
    }),
    meta: { title: "person.file", roles: ACCESS.readPersons },
  },
  {
    path: "registry/retention",
    name: "registry-retention",
    component: () => import("@/pages/registry/Retention.vue"),
    meta: { title: "menu.retention", roles: ACCESS.readRetention, menu: "persons" },
  },
  {
    path: "registry/households",
    name: "households",
    component: () => import("@/pages/registry/Households.vue"),
    meta: { title: "registryPages.menuHouseholds", roles: ACCESS.readHouseholds, menu: "persons" },
  },
  {
    path: "registry/households/new",
    name: "household-register",
    component: () => import("@/pages/registry/HouseholdRegister.vue"),
    meta: { title: "registryPages.menuHouseholdRegister", roles: ACCESS.writeHouseholds },
  },
  {
    path: "registry/households/:id",
    name: "household",
    component: () => import("@/pages/registry/Household.vue"),
    props: true,
    meta: { title: "registryPages.household", roles: ACCESS.readHouseholds },
  },
  {
    path: "registry/imports",
    name: "ledger-import",
    component: () => import("@/pages/registry/LedgerImport.vue"),
    meta: { title: "registryPages.menuImport", roles: ACCESS.importLedgers, menu: "persons" },
  },
];

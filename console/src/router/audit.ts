// Reporting's audit pages (审计): the audit log, a case replayed as of a moment, and the
// hash-chain verification of every service's store.
import type { RouteRecordRaw } from "vue-router";
import { ACCESS } from "@/access";

export const auditRoutes: RouteRecordRaw[] = [
  {
    path: "audit/events",
    name: "audit-log",
    component: () => import("@/pages/audit/AuditLog.vue"),
    meta: { title: "menu.auditLog", roles: ACCESS.audit, menu: "audit" },
  },
  {
    // A stream id has a slash ("unemployment/person-…"): the rest of the path is it.
    path: "audit/streams/:id(.*)",
    name: "audit-replay",
    component: () => import("@/pages/audit/Replay.vue"),
    props: (route) => ({
      id: String(route.params.id),
      asOf: typeof route.query.as_of === "string" ? route.query.as_of : undefined,
    }),
    meta: { title: "audit.replay", roles: ACCESS.audit },
  },
  {
    path: "audit/verification",
    name: "audit-verification",
    component: () => import("@/pages/audit/Verification.vue"),
    meta: { title: "menu.auditVerification", roles: ACCESS.verifyChains, menu: "audit" },
  },
];

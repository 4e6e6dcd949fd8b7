// Routes: 登录 outside the frame, every other page inside it (MainLayout), one module
// per service. A page names the roles it is for (meta.roles); the menu shows only
// those, and a page not for the signed-in roles sends to the 工作台.
import { createRouter, createWebHistory } from "vue-router";
import { STAFF_ROLES } from "@/access";
import { whenUnauthorised } from "@/api/client";
import { useSession } from "@/stores/session";
import { adminRoutes } from "./admin";
import { auditRoutes } from "./audit";
import { designationRoutes } from "./designations";
import { employmentRoutes } from "./employment";
import { eventsRoutes } from "./events";
import { registryRoutes } from "./registry";
import { mediationRoutes } from "./mediation";
import { rehabRoutes } from "./rehab";
import { reportingRoutes } from "./reporting";

declare module "vue-router" {
  interface RouteMeta {
    title?: string; // an i18n key
    roles?: readonly string[];
    menu?: string; // the menu group it is listed under
    public?: boolean;
  }
}

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    {
      path: "/login",
      name: "login",
      component: () => import("@/pages/Login.vue"),
      meta: { public: true, title: "login.title" },
    },
    {
      path: "/",
      component: () => import("@/layouts/MainLayout.vue"),
      children: [
        { path: "", redirect: { name: "workbench" } },
        {
          path: "workbench",
          name: "workbench",
          component: () => import("@/pages/home/Workbench.vue"),
          meta: { title: "menu.workbench", roles: STAFF_ROLES, menu: "workbench" },
        },
        ...registryRoutes,
        ...employmentRoutes,
        ...reportingRoutes,
        ...rehabRoutes,
        ...mediationRoutes,
        ...eventsRoutes,
        ...designationRoutes,
        ...auditRoutes,
        ...adminRoutes,
      ],
    },
    { path: "/:rest(.*)*", redirect: { name: "workbench" } },
  ],
});

router.beforeEach((to) => {
  const session = useSession();
  if (to.meta.public) return true;
  if (!session.signedIn) return { name: "login", query: { next: to.fullPath } };
  if (to.meta.roles && !session.hasAny(to.meta.roles)) return { name: "workbench" };
  return true;
});

whenUnauthorised(() => {
  const here = router.currentRoute.value;
  if (here.name !== "login") {
    void router.push({ name: "login", query: { next: here.fullPath, expired: "1" } });
  }
});

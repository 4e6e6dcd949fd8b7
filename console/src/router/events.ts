// Events' pages (社区活动): 活动台帐 (a year's activities, exported to Excel), 新建活动
// (the plan), 服务项目 and 新建项目 (a project with its activities and evaluation),
// 目标进度 (figures against the yearly targets, with the duties' to-dos) and 志愿者
// (hours and moral-bank points), 文体队伍 and 禁毒宣传角. Listed under 社区活动, each for
// the roles events lets use it; one activity, project, volunteer and team open from
// their lists.
import type { RouteRecordRaw } from "vue-router";
import { ACCESS } from "@/access";

export const eventsRoutes: RouteRecordRaw[] = [
  {
    path: "events/activities",
    name: "events-activities",
    component: () => import("@/pages/events/Activities.vue"),
    meta: { title: "eventsPages.menu.activities", roles: ACCESS.readEvents, menu: "events" },
  },
  {
    path: "events/activities/new",
    name: "events-activity-new",
    component: () => import("@/pages/events/ActivityNew.vue"),
    meta: { title: "eventsPages.menu.newActivity", roles: ACCESS.writeEvents, menu: "events" },
  },
  {
    path: "events/activities/:id",
    name: "events-activity",
    component: () => import("@/pages/events/ActivityPage.vue"),
    meta: { title: "eventsPages.activity.title", roles: ACCESS.readEvents },
  },
  {
    path: "events/projects",
    name: "events-projects",
    component: () => import("@/pages/events/Projects.vue"),
    meta: { title: "eventsPages.menu.projects", roles: ACCESS.readEvents, menu: "events" },
  },
  {
    path: "events/projects/new",
    name: "events-project-new",
    component: () => import("@/pages/events/ProjectNew.vue"),
    meta: { title: "eventsPages.menu.newProject", roles: ACCESS.writeEvents, menu: "events" },
  },
  {
    path: "events/projects/:id",
    name: "events-project",
    component: () => import("@/pages/events/ProjectPage.vue"),
    meta: { title: "eventsPages.project.title", roles: ACCESS.readEvents },
  },
  {
    path: "events/figures",
    name: "events-figures",
    component: () => import("@/pages/events/Figures.vue"),
    meta: { title: "eventsPages.menu.figures", roles: ACCESS.readEvents, menu: "events" },
  },
  {
    path: "events/volunteers",
    name: "events-volunteers",
    component: () => import("@/pages/events/Volunteers.vue"),
    meta: { title: "eventsPages.menu.volunteers", roles: ACCESS.readEvents, menu: "events" },
  },
  {
    path: "events/volunteers/:id",
    name: "events-volunteer",
    component: () => import("@/pages/events/VolunteerPage.vue"),
    meta: { title: "eventsPages.volunteer.title", roles: ACCESS.readEvents },
  },
  {
    path: "events/teams",
    name: "events-teams",
    component: () => import("@/pages/events/Teams.vue"),
    meta: { title: "eventsPages.menu.teams", roles: ACCESS.readEvents, menu: "events" },
  },
  {
    path: "events/teams/:id",
    name: "events-team",
    component: () => import("@/pages/events/TeamPage.vue"),
    meta: { title: "eventsPages.teams.title", roles: ACCESS.readEvents },
  },
  {
    path: "events/corners",
    name: "events-corners",
    component: () => import("@/pages/events/Corners.vue"),
    meta: { title: "eventsPages.menu.corners", roles: ACCESS.readEvents, menu: "events" },
  },
];

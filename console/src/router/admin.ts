// 系统管理: the office tree and the staff of the signed-in administrator's subtree.
import type { RouteRecordRaw } from "vue-router";

export const adminRoutes: RouteRecordRaw[] = [];

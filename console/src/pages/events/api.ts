// Events' typed client and the words of its codes (activity kinds, duties, staff roles,
// evaluators, stages); money in 分 shown in 元.
import { events } from "@/api/client";
import type { components } from "@/api/events";
import { t } from "@/i18n";

export { events };
// One way a command is sent and answered, and the If-Match of a version, as the
// registry's pages do; a stale version reads as this area's words (common.stale).
export { ifMatch, useCommand } from "@/pages/registry/command";
export { chinaToday } from "@/pages/rehab/api";

export type ActivityRow = components["schemas"]["ActivityRow"];
export type Figures = components["schemas"]["Figures"];
export type ToDos = components["schemas"]["ToDos"];
export type VolunteerRow = components["schemas"]["VolunteerRow"];
export type Kind = components["schemas"]["PlanRequest"]["kind"];
export type ActivityView = components["schemas"]["ActivityView"];
export type ProjectRow = components["schemas"]["ProjectRow"];
export type ProjectView = components["schemas"]["ProjectView"];
export type VolunteerView = components["schemas"]["VolunteerView"];
export type TeamRow = components["schemas"]["TeamRow"];
export type TeamView = components["schemas"]["TeamView"];
export type CornerRow = components["schemas"]["CornerRow"];
export type Stage = components["schemas"]["EvaluationRequest"]["stage"];
export type Evaluator = components["schemas"]["EvaluationRequest"]["evaluator"];

export const STAGES: Stage[] = ["stage", "summary"];
export const EVALUATORS: Evaluator[] = ["residents", "organisers", "leaders"];

export const KINDS: Kind[] = [
  "evening_party",
  "publicity",
  "home_visit",
  "sports_meeting",
  "performance",
  "competition",
  "lecture",
  "training",
  "meeting",
  "anti_drug_meeting",
  "hygiene_check",
  "party_class",
  "other",
];

/** The reader's word for a code of ``area`` (kinds, duties), else the code. */
export function label(area: "kinds" | "duties" | "roles" | "evaluators" | "stages" | "teamKinds", code: string): string {
  const key = `eventsPages.${area}.${code}`;
  const word = t(key);
  return word === key ? code : word;
}

/** This year in China, the default of every yearly page. */
export function thisYear(): number {
  return Number(new Date().toLocaleString("en", { timeZone: "Asia/Shanghai", year: "numeric" }));
}

/** 分 as 元 with two decimals (¥1,234.50). */
export function yuan(fen: number): string {
  return `¥${(fen / 100).toLocaleString("zh-CN", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

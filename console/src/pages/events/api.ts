// Events' typed client and the words of its codes (activity kinds, duties).
import { events } from "@/api/client";
import type { components } from "@/api/events";
import { t } from "@/i18n";

export { events };

export type ActivityRow = components["schemas"]["ActivityRow"];
export type Figures = components["schemas"]["Figures"];
export type ToDos = components["schemas"]["ToDos"];
export type VolunteerRow = components["schemas"]["VolunteerRow"];
export type Kind = components["schemas"]["PlanRequest"]["kind"];

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
export function label(area: "kinds" | "duties", code: string): string {
  const key = `eventsPages.${area}.${code}`;
  const word = t(key);
  return word === key ? code : word;
}

/** This year in China, the default of every yearly page. */
export function thisYear(): number {
  return Number(new Date().toLocaleString("en", { timeZone: "Asia/Shanghai", year: "numeric" }));
}

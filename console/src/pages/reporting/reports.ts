// Reporting's pages as plain functions: the China day a date picker starts on, who may
// set an office's plan (reporting's may_plan), a target as typed and as sent (a rate
// typed as a percentage, sent as a share), how far an actual has come, and sizes.
import { ACCESS } from "@/access";

/** The China date of ``now`` as YYYY-MM-DD (reporting reads a bare date as its end there). */
export function chinaDay(now: Date): string {
  return new Date(now.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

/** A day after today (China) has no ledger yet: date pickers do not offer it. */
export function afterToday(day: Date, now: Date = new Date()): boolean {
  const picked = `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, "0")}-${String(day.getDate()).padStart(2, "0")}`;
  return picked > chinaDay(now);
}

/**
 * Whether the signed-in staff may set ``office``'s plan: a writer of reporting who is
 * the office's own staff, or an admin above it (the office is in the reader's subtree,
 * as the pickers offer only those).
 */
export function mayPlan(roles: ReadonlySet<string>, ownOffice: string, office: string): boolean {
  const has = (wanted: readonly string[]) => wanted.some((r) => roles.has(r));
  if (!has(ACCESS.writePlans)) return false;
  return office === ownOffice || has(ACCESS.planAbove);
}

/** The metrics that are shares in (0, 1] (contracts' SHARE_METRICS); the rest are counts. */
export const SHARE_METRICS: ReadonlySet<string> = new Set([
  "employment_rate",
  "rehab_test_compliance",
  "rehab_ledger_completeness",
  "mediation_success_rate",
  "mediation_on_time_rate",
  "mediation_fulfilment_rate",
  "mediation_satisfaction_rate",
]);

/** Whether ``metric`` is a share, typed and shown as a percentage. */
export function isShare(metric: string): boolean {
  return SHARE_METRICS.has(metric);
}

/** A target as the form shows it: a share as a percentage (0.96 → 96). */
export function typedTarget(metric: string, target: number): number {
  return isShare(metric) ? Math.round(target * 100_000) / 1000 : target;
}

/** A target as the API takes it: a share as a share (96 → 0.96). */
export function sentTarget(metric: string, typed: number): number {
  return isShare(metric) ? Math.round(typed * 1000) / 100_000 : typed;
}

/** A figure as shown: a rate as a percentage with one decimal, a count as it is. */
export function figure(metric: string, value: number | null | undefined): string {
  if (value == null) return "—";
  return isShare(metric) ? `${(value * 100).toFixed(1)}%` : String(Math.round(value));
}

/** A share as a percentage with one decimal (0.5 → 50.0%), or — without one. */
export function percent(value: number | null | undefined): string {
  return value == null ? "—" : `${(value * 100).toFixed(1)}%`;
}

/** How far the actual has come, 0–100: towards an at-least target, or within an at-most one. */
export function progress(comparison: string, target: number, actual: number | null | undefined): number {
  if (actual == null) return 0;
  if (comparison === "at_most") {
    if (actual <= target) return 100;
    return actual > 0 ? Math.max(0, Math.min(100, (target / actual) * 100)) : 0;
  }
  if (target <= 0) return 100;
  return Math.max(0, Math.min(100, (actual / target) * 100));
}

/** A byte count as a reader reads it: 12.3 KB, 1.2 MB. */
export function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The file name a Content-Disposition gives (RFC 5987 first), or null. */
export function fileName(disposition: string | null): string | null {
  const encoded = disposition?.match(/filename\*=UTF-8''([^;]+)/i)?.[1];
  if (encoded) return decodeURIComponent(encoded);
  return disposition?.match(/filename="?([^";]+)"?/i)?.[1] ?? null;
}

/** A dispute's parties as a ledger cell lists them (张三、李四), or — with none. */
export function partiesShown(parties: readonly { name: string }[]): string {
  return parties.length ? parties.map((p) => p.name).join("、") : "—";
}

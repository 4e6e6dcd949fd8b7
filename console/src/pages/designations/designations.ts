// 创建考评's rules as plain functions: which steps the signed-in staff may take on a
// designation at its status (mirroring reporting's domain/access.py may_prepare,
// may_review, may_designate and the status rules of domain/designations/_decide.py),
// the to-do list in the order a worker reads it, a criterion's ledger as the console's
// own page, and a campaign as the settings form shows it (shares typed as
// percentages) and as PUT /campaigns/{code} takes it. The service still decides.
import type { RouteLocationRaw } from "vue-router";
import type { components } from "@/api/reporting";
import { sentTarget, typedTarget } from "@/pages/reporting/reports";

export type CampaignView = components["schemas"]["CampaignView"];
export type CampaignRequest = components["schemas"]["CampaignRequest"];
export type DesignationView = components["schemas"]["DesignationView"];
export type Scorecard = components["schemas"]["Scorecard"];
export type CriterionView = components["schemas"]["CriterionView"];
export type Due = components["schemas"]["Due"];
export type Eligibility = components["schemas"]["Eligibility"];

export const STATUSES = ["preparing", "applied", "reviewed", "accepted", "inspected", "named", "rectifying", "revoked"] as const;

export type StepKey =
  | "stage"
  | "apply"
  | "review"
  | "accept"
  | "refuse"
  | "objection"
  | "inspect"
  | "name"
  | "grade"
  | "evaluate"
  | "recheck"
  | "rectification";

const WRITERS = ["community_worker", "street_admin", "district_admin"];
const ADMINS = ["street_admin", "district_admin"];

/** An office's level read from its 12-digit code: 441900000000 a district, 441900101000 a street. */
export function levelOf(code: string): "district" | "street" | "community" {
  if (/^0+$/.test(code.slice(6))) return "district";
  if (/^0+$/.test(code.slice(9))) return "street";
  return "community";
}

/** Who is acting: the signed-in staff member's roles and office. */
export interface Staff {
  roles: ReadonlySet<string>;
  office: string;
}

const hasAny = (staff: Staff, wanted: readonly string[]) => wanted.some((r) => staff.roles.has(r));

/** may_prepare: the office's own writers, or an admin above it. */
export function mayPrepare(staff: Staff, office: string): boolean {
  return hasAny(staff, WRITERS) && (staff.office === office || hasAny(staff, ADMINS));
}

/** may_review: a street (or district) admin above the office, never the office itself. */
export function mayReview(staff: Staff, office: string): boolean {
  return staff.office !== office && hasAny(staff, ADMINS);
}

/** may_designate: a district admin at the district. */
export function mayDesignate(staff: Staff): boolean {
  return staff.roles.has("district_admin") && levelOf(staff.office) === "district";
}

/** What the steps are judged on: the designation as read, and today (China). */
export interface Standing {
  office: string;
  status: string;
  stages: readonly { code: string; done_on?: string | null }[];
  notice_until?: string | null;
  grades: readonly string[]; // the campaign's
  today: string; // YYYY-MM-DD
}

/** The steps ``staff`` may take now, in the order the workflow takes them. */
export function stepsFor(staff: Staff, d: Standing): StepKey[] {
  const steps: StepKey[] = [];
  const designate = mayDesignate(staff);
  switch (d.status) {
    case "preparing":
      if (mayPrepare(staff, d.office)) steps.push(d.stages.some((s) => !s.done_on) ? "stage" : "apply");
      break;
    case "applied":
      if (mayReview(staff, d.office)) steps.push("review");
      break;
    case "reviewed":
      if (designate) steps.push("accept", "refuse");
      break;
    case "accepted":
      // Objections only during the public notice; the inspection only after it.
      if (designate) steps.push(d.notice_until && d.today > d.notice_until ? "inspect" : "objection");
      break;
    case "inspected":
      if (designate) steps.push("name");
      break;
    case "named":
      if (designate) steps.push("evaluate", "recheck");
      break;
    case "rectifying":
      if (designate) steps.push("rectification");
      break;
  }
  if (designate && d.grades.length) steps.push("grade");
  return steps;
}

/** The first stage not yet done, in the campaign's order. */
export function nextStage<T extends { code: string; done_on?: string | null }>(stages: readonly T[]): T | undefined {
  return stages.find((s) => !s.done_on);
}

/** A due step is overdue from the day after its due date. */
export function overdue(due: { due_on?: string | null }, today: string): boolean {
  return !!due.due_on && due.due_on < today;
}

/** The to-do list: overdue first, then by due date, then by office. */
export function dueOrder<T extends { due_on?: string | null; office: string }>(dues: readonly T[], today: string): T[] {
  const key = (d: T) => `${overdue(d, today) ? 0 : 1}${d.due_on ?? "9999-99-99"}${d.office}`;
  return [...dues].sort((a, b) => key(a).localeCompare(key(b)));
}

// The console's page for each ledger reporting names as a criterion's source.
const LEDGER_PAGES: Record<string, string> = {
  "/api/v1/reporting/ledgers/unemployed": "ledger-unemployed",
  "/api/v1/reporting/ledgers/zero-employment-households": "ledger-zero-households",
  "/api/v1/reporting/figures": "figures",
  "/api/v1/reporting/ledgers/rehab/figures": "ledger-rehab",
  "/api/v1/reporting/ledgers/rehab/cases": "ledger-rehab",
  "/api/v1/reporting/ledgers/mediation/disputes": "ledger-mediation",
  "/api/v1/reporting/ledgers/mediation/figures": "ledger-mediation",
};

// An events metric names the activities it counts on the office's work plan; the
// console lists them on 活动与志愿者台帐 (?office=&year=&metric=).
const ACTIVITIES = /^\/api\/v1\/reporting\/work-plans\/(\d+)\/(\d+)\/metrics\/(\w+)\/activities$/;

/** The console page of the ledger behind a number (its within and as_of), or none. */
export function ledgerLink(source: string | null | undefined): RouteLocationRaw | null {
  if (!source) return null;
  const [path = "", search = ""] = source.split("?");
  const counted = ACTIVITIES.exec(path);
  if (counted) return { name: "ledger-events", query: { office: counted[1]!, year: counted[2]!, metric: counted[3]! } };
  const name = LEDGER_PAGES[path];
  if (!name) return null;
  const query = Object.fromEntries(new URLSearchParams(search));
  return { name, query };
}

/** A share typed as a percentage (0.95 → 95), and back (95 → 0.95). */
export function asPercent(share: number): number {
  return Math.round(share * 100_000) / 1000;
}
export function asShare(percent: number): number {
  return Math.round(percent * 1000) / 100_000;
}

/** A criterion row of the settings form: a share's threshold as a percentage. */
export interface CriterionRow {
  metric: string;
  comparison: "at_least" | "at_most";
  threshold: number | undefined;
  label: string;
}

export interface CampaignForm {
  name: string;
  stages: { code: string; name: string }[];
  min_households: number | undefined;
  min_residents: number | undefined;
  criteria: CriterionRow[];
  pass_rate: number | undefined; // a percentage
  grades: string[];
  recheck_years: number;
}

/** The form for a campaign as read (a blank one for a new campaign). */
export function formOf(c?: CampaignView): CampaignForm {
  return {
    name: c?.name ?? "",
    stages: (c?.stages ?? []).map((s) => ({ ...s })),
    min_households: c?.min_households ?? undefined,
    min_residents: c?.min_residents ?? undefined,
    criteria: (c?.criteria ?? []).map((r) => ({
      metric: r.metric,
      comparison: r.comparison,
      threshold: typedTarget(r.metric, r.threshold),
      label: r.label ?? "",
    })),
    pass_rate: c?.pass_rate == null ? undefined : asPercent(c.pass_rate),
    grades: [...(c?.grades ?? [])],
    recheck_years: c?.recheck_years ?? 3,
  };
}

/**
 * The body of PUT /campaigns/{code}: texts trimmed, shares as shares. Every stage and
 * criterion row is sent as it stands, so a refusal naming "criteria.1.threshold" is
 * shown on that row.
 */
export function requestOf(f: CampaignForm): CampaignRequest {
  return {
    name: f.name.trim(),
    stages: f.stages.map((s) => ({ code: s.code.trim(), name: s.name.trim() })),
    min_households: f.min_households ?? null,
    min_residents: f.min_residents ?? null,
    criteria: f.criteria.map((r) => ({
      metric: r.metric,
      comparison: r.comparison,
      threshold: sentTarget(r.metric, r.threshold ?? 0),
      label: r.label.trim(),
    })),
    pass_rate: f.pass_rate == null ? null : asShare(f.pass_rate),
    grades: f.grades.map((g) => g.trim()).filter((g) => g),
    recheck_years: f.recheck_years,
  };
}

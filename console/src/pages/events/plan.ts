// The activity plan's form (活动计划) and what it sends: events POST activities with
// the staff in roles, resources with quantities, risks with contingency plans and the
// project; then each cost (POST activities/{id}/costs, in fen). The checks mirror the
// API's request models (api/activities.py PlanRequest, contracts/events/_types.py):
// the service still decides, and its refusal comes back on the field it names
// ("staff.0.name", "ends_at" …).
import type { components } from "@/api/events";
import type { Kind } from "./api";

export type PlanRequest = components["schemas"]["PlanRequest"];
export type CostRequest = components["schemas"]["CostRequest"];
export type StaffRole = components["schemas"]["StaffMember"]["role"];

export const STAFF_ROLES: StaffRole[] = ["lead", "publicity", "performance", "explanation", "materials", "standby"];

export type StaffRow = {
  name: string;
  role: StaffRole | "";
};
export type ResourceRow = {
  item: string;
  quantity: number | undefined;
};
export type RiskRow = {
  risk: string;
  contingency: string;
};
export type CostRow = {
  item: string;
  yuan: number | undefined; // typed in 元, sent in 分
};

export interface PlanForm {
  office: string;
  kind: Kind | "";
  title: string;
  held_on: string;
  starts_at: string;
  ends_at: string;
  place: string;
  capacity: number | undefined;
  lead: string;
  planned_participants: number;
  project_id: string;
  staff: StaffRow[];
  resources: ResourceRow[];
  risks: RiskRow[];
  costs: CostRow[];
}

/** The limits the API sets (max lengths, row counts). */
export const LIMITS = {
  text: 200,
  staffName: 50,
  resourceItem: 100,
  risk: 200,
  contingency: 500,
  staff: 100,
  resources: 100,
  risks: 50,
  maxFen: 10_000_000_000,
} as const;

export function blankPlan(office: string): PlanForm {
  return {
    office,
    kind: "",
    title: "",
    held_on: "",
    starts_at: "",
    ends_at: "",
    place: "",
    capacity: undefined,
    lead: "",
    planned_participants: 0,
    project_id: "",
    staff: [],
    resources: [],
    risks: [],
    costs: [],
  };
}

const blank = (s: string | undefined): boolean => (s ?? "").trim() === "";

// A row left wholly empty is dropped, not refused: an added row not filled in.
const staffRows = (f: PlanForm) => f.staff.filter((r) => !blank(r.name) || r.role !== "");
const resourceRows = (f: PlanForm) => f.resources.filter((r) => !blank(r.item) || r.quantity !== undefined);
const riskRows = (f: PlanForm) => f.risks.filter((r) => !blank(r.risk) || !blank(r.contingency));
const costRows = (f: PlanForm) => f.costs.filter((r) => !blank(r.item) || r.yuan !== undefined);

/** The form without its wholly empty rows: the rows' places are then those sent. */
export function compact(form: PlanForm): void {
  form.staff = staffRows(form);
  form.resources = resourceRows(form);
  form.risks = riskRows(form);
  form.costs = costRows(form);
}

export interface Messages {
  required: string;
  tooLong: (max: number) => string;
  atLeastOne: string;
  endsAfterStart: string;
  tooMany: (max: number) => string;
}

/**
 * The refusals the API would give, by field as it names them ("staff.0.role"); a
 * row's index is its place among the rows sent (see ``compact``).
 */
export function planErrors(form: PlanForm, m: Messages): Record<string, string> {
  const found: Record<string, string> = {};
  const text = (field: string, value: string, max: number, required = true): void => {
    if (required && blank(value)) found[field] = m.required;
    else if (value.trim().length > max) found[field] = m.tooLong(max);
  };
  if (form.kind === "") found.kind = m.required;
  text("title", form.title, LIMITS.text);
  if (form.held_on === "") found.held_on = m.required;
  text("place", form.place, LIMITS.text);
  text("lead", form.lead, LIMITS.text);
  if (form.starts_at && form.ends_at && form.ends_at <= form.starts_at) found.ends_at = m.endsAfterStart;
  staffRows(form).forEach((r, i) => {
    text(`staff.${i}.name`, r.name, LIMITS.staffName);
    if (r.role === "") found[`staff.${i}.role`] = m.required;
  });
  resourceRows(form).forEach((r, i) => {
    text(`resources.${i}.item`, r.item, LIMITS.resourceItem);
    if (r.quantity === undefined || r.quantity < 1) found[`resources.${i}.quantity`] = m.atLeastOne;
  });
  riskRows(form).forEach((r, i) => {
    text(`risks.${i}.risk`, r.risk, LIMITS.risk);
    text(`risks.${i}.contingency`, r.contingency, LIMITS.contingency);
  });
  costRows(form).forEach((r, i) => {
    text(`costs.${i}.item`, r.item, LIMITS.text);
    const fen = toFen(r.yuan);
    if (fen === undefined || fen < 1 || fen > LIMITS.maxFen) found[`costs.${i}.amount_fen`] = m.atLeastOne;
  });
  if (staffRows(form).length > LIMITS.staff) found.staff = m.tooMany(LIMITS.staff);
  if (resourceRows(form).length > LIMITS.resources) found.resources = m.tooMany(LIMITS.resources);
  if (riskRows(form).length > LIMITS.risks) found.risks = m.tooMany(LIMITS.risks);
  return found;
}

/** 元 typed (two decimals at most) as 分; undefined when nothing was typed. */
export function toFen(yuan: number | undefined): number | undefined {
  return yuan === undefined || Number.isNaN(yuan) ? undefined : Math.round(yuan * 100);
}

/** The plan as POST activities takes it: text trimmed, empty options as null. */
export function planBody(form: PlanForm): PlanRequest {
  return {
    office: form.office,
    kind: form.kind as Kind,
    title: form.title.trim(),
    held_on: form.held_on,
    starts_at: form.starts_at || null,
    ends_at: form.ends_at || null,
    place: form.place.trim(),
    capacity: form.capacity ?? null,
    lead: form.lead.trim(),
    planned_participants: form.planned_participants,
    staff: staffRows(form).map((r) => ({ name: r.name.trim(), role: r.role as StaffRole })),
    resources: resourceRows(form).map((r) => ({ item: r.item.trim(), quantity: r.quantity ?? 0 })),
    risks: riskRows(form).map((r) => ({ risk: r.risk.trim(), contingency: r.contingency.trim() })),
    project_id: form.project_id || null,
  };
}

/** The costs sent after the plan, one request each, in 分. */
export function costBodies(form: PlanForm): CostRequest[] {
  return costRows(form).map((r) => ({ item: r.item.trim(), amount_fen: toFen(r.yuan) ?? 0 }));
}

/** Every field a refusal of ``body`` may name: its keys and each row's cells. */
export function planFields(body: PlanRequest): string[] {
  const rows = { staff: body.staff ?? [], resources: body.resources ?? [], risks: body.risks ?? [] };
  const cells = Object.entries(rows).flatMap(([list, sent]) =>
    sent.flatMap((row, i) => Object.keys(row).map((cell) => `${list}.${i}.${cell}`)),
  );
  return [...Object.keys(body), ...cells];
}

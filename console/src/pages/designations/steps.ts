// A designation's steps (reporting POST designations/{office}/{campaign}/stages …
// rectification, PUT …/grades/{year}), one table: each step's path and the fields of
// its request model as the dialog asks for them. The service still decides; a refusal
// comes back on the field it names.
import type { StepKey } from "./designations";

export type FieldKind =
  | "date"
  | "textarea"
  | "stage" // one of the campaign's stages not yet done
  | "flag" // yes / no (approved, passed)
  | "score" // a number 0–1000
  | "methods" // how it was inspected, as checkboxes
  | "grade" // one of the campaign's grades
  | "year";

export interface FieldSpec {
  name: string; // as the API names it
  kind: FieldKind;
  required?: boolean;
  shownWhen?: [flag: string, value: boolean]; // only asked for when a flag is so
  inPath?: boolean; // sent in the path, not the body (the grade's year)
}

export interface StepSpec {
  key: StepKey;
  path: string; // under /api/v1/reporting/designations/{office}/{campaign}/
  method: "POST" | "PUT";
  fields: readonly FieldSpec[];
}

export const METHODS = ["site_visit", "archive_check", "questionnaire", "forum"] as const;

const on: FieldSpec = { name: "on", kind: "date", required: true };
const note: FieldSpec = { name: "note", kind: "textarea" };
const passed: FieldSpec = { name: "passed", kind: "flag" };

export const STEPS: Record<StepKey, StepSpec> = {
  stage: { key: "stage", path: "stages", method: "POST", fields: [{ name: "stage", kind: "stage", required: true }, on, note] },
  apply: { key: "apply", path: "application", method: "POST", fields: [on, note] },
  review: { key: "review", path: "review", method: "POST", fields: [on, { name: "approved", kind: "flag" }, note] },
  accept: { key: "accept", path: "acceptance", method: "POST", fields: [on, { name: "notice_until", kind: "date", required: true }] },
  refuse: { key: "refuse", path: "refusal", method: "POST", fields: [on, { name: "reason", kind: "textarea", required: true }] },
  objection: { key: "objection", path: "objections", method: "POST", fields: [on, { name: "objection", kind: "textarea", required: true }] },
  inspect: {
    key: "inspect",
    path: "inspection",
    method: "POST",
    fields: [on, { name: "methods", kind: "methods", required: true }, { name: "score", kind: "score", required: true }, passed, note],
  },
  name: { key: "name", path: "naming", method: "POST", fields: [on] },
  grade: {
    key: "grade",
    path: "grades/{year}",
    method: "PUT",
    fields: [
      { name: "year", kind: "year", required: true, inPath: true },
      { name: "grade", kind: "grade", required: true },
    ],
  },
  evaluate: {
    key: "evaluate",
    path: "evaluations",
    method: "POST",
    fields: [{ name: "year", kind: "year", required: true }, on, passed, { name: "score", kind: "score" }, note],
  },
  recheck: {
    key: "recheck",
    path: "rechecks",
    method: "POST",
    fields: [
      on,
      passed,
      { name: "score", kind: "score" },
      { name: "rectify_by", kind: "date", required: true, shownWhen: ["passed", false] },
      note,
    ],
  },
  rectification: { key: "rectification", path: "rectification", method: "POST", fields: [on, passed, note] },
};

/** A step's form: dates and texts, numbers, yes/no, the inspection's methods. */
export interface Values {
  text: Record<string, string>;
  number: Record<string, number | undefined>;
  flag: Record<string, boolean>;
  methods: string[];
}

/** Where a new form starts: every date today, the public notice a week, yes, this year. */
export interface Defaults {
  today: string; // YYYY-MM-DD
  year: number;
  stage?: string; // the next stage
}

export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function blank(spec: StepSpec, at: Defaults): Values {
  const v: Values = { text: {}, number: {}, flag: {}, methods: [] };
  for (const f of spec.fields) {
    if (f.kind === "flag") v.flag[f.name] = true;
    else if (f.kind === "score") v.number[f.name] = undefined;
    else if (f.kind === "year") v.number[f.name] = at.year;
    else if (f.kind === "date") v.text[f.name] = f.name === "on" ? at.today : f.name === "notice_until" ? addDays(at.today, 7) : "";
    else if (f.kind === "stage") v.text[f.name] = at.stage ?? "";
    else if (f.kind !== "methods") v.text[f.name] = "";
  }
  return v;
}

/** Whether a field is asked for, given the form's yes/no answers. */
export function shown(f: FieldSpec, v: Values): boolean {
  return !f.shownWhen || v.flag[f.shownWhen[0]] === f.shownWhen[1];
}

/** The required fields left empty, each with ``message``. */
export function missing(spec: StepSpec, v: Values, message: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const f of spec.fields) {
    if (!f.required || !shown(f, v)) continue;
    const empty =
      f.kind === "methods"
        ? v.methods.length === 0
        : f.kind === "score" || f.kind === "year"
          ? v.number[f.name] == null
          : (v.text[f.name] ?? "").trim() === "";
    if (empty) found[f.name] = message;
  }
  return found;
}

/** The request body: texts trimmed; a field not asked for or an empty score sent as null. */
export function body(spec: StepSpec, v: Values): Record<string, unknown> {
  const sent: Record<string, unknown> = {};
  for (const f of spec.fields) {
    if (f.inPath) continue;
    if (!shown(f, v)) sent[f.name] = null;
    else if (f.kind === "flag") sent[f.name] = v.flag[f.name];
    else if (f.kind === "methods") sent[f.name] = [...v.methods];
    else if (f.kind === "score" || f.kind === "year") sent[f.name] = v.number[f.name] ?? null;
    else sent[f.name] = (v.text[f.name] ?? "").trim();
  }
  return sent;
}

// The case page's actions (rehab POST cases/{id}/report … close, each with If-Match):
// for each, the request's fields as the dialog asks for them. The service still
// decides: a refusal comes back on the field it names.
import { chinaToday } from "./api";

export type ActionKey =
  | "report"
  | "agreement"
  | "team"
  | "tests"
  | "warnings"
  | "leave"
  | "absences"
  | "evaluations"
  | "policeReports"
  | "handOver"
  | "close"
  | "notes"
  | "peerCounsellor"
  | "workReferral";

export type FieldKind = "date" | "text" | "textarea" | "select" | "approve" | "office" | "helpers";

export interface FieldSpec {
  name: string;
  kind: FieldKind;
  required?: boolean;
  table?: string; // the rehabPages table a select's codes are words in
  options?: readonly string[];
  hint?: string; // an i18n key
  label?: string; // an i18n key, where the field's name means another thing elsewhere
}

export interface ActionSpec {
  key: ActionKey;
  path: string; // under /api/v1/rehab/cases/{case_id}/
  fields: readonly FieldSpec[];
}

const date = (name: string): FieldSpec => ({ name, kind: "date", required: true });

export const ACTIONS: readonly ActionSpec[] = [
  { key: "report", path: "report", fields: [date("reported_on")] },
  {
    key: "agreement",
    path: "agreement",
    fields: [
      { name: "agreement_number", kind: "text", required: true, hint: "rehabPages.fields.agreementHint" },
      date("signed_on"),
    ],
  },
  {
    key: "team",
    path: "team",
    fields: [
      { name: "responsible_worker", kind: "text", required: true },
      { name: "police_officer", kind: "text" },
      { name: "helpers", kind: "helpers" },
    ],
  },
  {
    key: "tests",
    path: "tests",
    fields: [
      date("tested_on"),
      { name: "result", kind: "select", required: true, table: "results", options: ["negative", "positive", "refused", "evaded"] },
    ],
  },
  {
    key: "warnings",
    path: "warnings",
    fields: [
      {
        name: "violation",
        kind: "select",
        required: true,
        table: "violations",
        options: ["refused_test", "evaded_test", "left_without_approval", "other"],
      },
      date("issued_on"),
      { name: "details", kind: "textarea", required: true },
    ],
  },
  {
    key: "leave",
    path: "leave",
    fields: [
      { name: "approve", kind: "approve", required: true },
      date("leave_from"),
      date("leave_to"),
      { name: "destination", kind: "text" },
      { name: "reason", kind: "textarea" },
    ],
  },
  { key: "absences", path: "absences", fields: [date("absent_from"), date("absent_to")] },
  {
    key: "evaluations",
    path: "evaluations",
    fields: [
      { name: "kind", kind: "select", required: true, table: "evaluationKinds", options: ["half_yearly", "yearly"] },
      date("evaluated_on"),
      { name: "summary", kind: "textarea", required: true },
    ],
  },
  {
    key: "policeReports",
    path: "police-reports",
    fields: [
      {
        name: "reason",
        kind: "select",
        required: true,
        table: "serious",
        label: "rehabPages.fields.seriousReason",
        options: ["tests_refused_or_evaded", "unapproved_absences", "absent_over_thirty_days", "relapse"],
      },
      date("reported_on"),
      { name: "police_organ", kind: "text", required: true },
      { name: "reference", kind: "text", hint: "rehabPages.fields.referenceHint" },
    ],
  },
  {
    key: "handOver",
    path: "hand-over",
    fields: [{ name: "to_office", kind: "office", required: true, hint: "rehabPages.fields.toOfficeHint" }],
  },
  {
    key: "close",
    path: "close",
    fields: [
      {
        name: "outcome",
        kind: "select",
        required: true,
        table: "outcomes",
        options: ["term_completed", "compulsory_isolation", "maintenance_therapy", "medical_treatment", "died"],
      },
      date("closed_on"),
      { name: "notice_number", kind: "text", hint: "rehabPages.fields.noticeHint" },
    ],
  },
  // Social work on the case (seed 002 (3)): 个案记录, 朋辈辅导员, 转介就业.
  {
    key: "notes",
    path: "notes",
    fields: [
      {
        name: "kind",
        kind: "select",
        required: true,
        table: "caseWorkKinds",
        options: ["home_visit", "talk", "phone_call", "other"],
        label: "rehabPages.fields.noteKind",
      },
      date("noted_on"),
      { name: "content", kind: "textarea", required: true },
    ],
  },
  {
    key: "peerCounsellor",
    path: "peer-counsellor",
    fields: [{ name: "counsellor_id", kind: "text", required: true, hint: "rehabPages.fields.counsellorHint" }, date("assigned_on")],
  },
  {
    key: "workReferral",
    path: "work-referrals",
    fields: [date("referred_on"), { name: "note", kind: "textarea", required: true, hint: "rehabPages.fields.noteHint" }],
  },
];

export interface Helper {
  role: string;
  name: string;
  phone: string;
}
/** A dialog's form: its texts, dates and choices by field; leave's decision; helpers. */
export interface Values {
  text: Record<string, string>;
  approve: boolean;
  helpers: Helper[];
}

/** A fresh form: dates today, leave approved, the team's worker the reader. */
export function blank(spec: ActionSpec, staffId: string): Values {
  const text: Record<string, string> = {};
  for (const f of spec.fields) {
    if (f.kind === "date") text[f.name] = chinaToday();
    else if (f.kind !== "approve" && f.kind !== "helpers") text[f.name] = f.name === "responsible_worker" ? staffId : "";
  }
  return { text, approve: true, helpers: [] };
}

/** The fields left empty that the form requires, each with ``message``. */
export function missing(spec: ActionSpec, values: Values, message: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const f of spec.fields) {
    const v = values.text[f.name];
    if (f.required && v !== undefined && v.trim() === "") found[f.name] = message;
  }
  return found;
}

/** The request body: text trimmed, an optional text left empty sent as null. */
export function body(spec: ActionSpec, values: Values): Record<string, unknown> {
  const sent: Record<string, unknown> = {};
  for (const f of spec.fields) {
    if (f.kind === "approve") sent[f.name] = values.approve;
    else if (f.kind === "helpers") {
      sent[f.name] = values.helpers
        .filter((h) => h.name.trim())
        .map((h) => ({ role: h.role, name: h.name.trim(), phone: h.phone.trim() || null }));
    } else {
      const text = (values.text[f.name] ?? "").trim();
      // Leave's destination and reason are plain strings ("" when not asked for).
      sent[f.name] = text === "" && !f.required && spec.key !== "leave" ? null : text;
    }
  }
  return sent;
}

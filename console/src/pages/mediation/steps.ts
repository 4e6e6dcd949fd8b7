// The dispute page's steps (mediation POST disputes/{id}/accept … close, each with
// If-Match): for each, the request's fields as its dialog asks for them, and the
// stages it is offered at. The service still decides: a refusal comes back on the
// field it names. The agreement (obligations, each with its party, deadline and
// amount) has a dialog of its own (AgreementDialog.vue).
import type { DisputeView } from "./api";
import { chinaToday } from "@/pages/rehab/api";

export type StepKey =
  | "accept"
  | "decline"
  | "mediators"
  | "recusal"
  | "sessions"
  | "continuation"
  | "failure"
  | "followUps"
  | "confirmation"
  | "answer"
  | "close";

// member(s): the committee's serving members; mediator: one assigned to the dispute;
// party / obligation: one of the dispute's, by number; names: free names (到场人员);
// yesno: a choice; opinion: 满意 / 不满意 / 未询问 ("yes", "no", "": sent as true,
// false, null).
export type FieldKind =
  | "date"
  | "text"
  | "textarea"
  | "select"
  | "members"
  | "member"
  | "mediator"
  | "party"
  | "obligation"
  | "names"
  | "yesno"
  | "opinion";

export interface FieldSpec {
  name: string;
  kind: FieldKind;
  required?: boolean;
  table?: string; // the mediationPages table a select's codes are words in
  options?: readonly string[];
}

export interface StepSpec {
  key: StepKey;
  path: string; // under /api/v1/mediation/disputes/{dispute_id}/
  fields: readonly FieldSpec[];
}

const date = (name: string): FieldSpec => ({ name, kind: "date", required: true });
const ADVICE = ["litigation", "arbitration", "administrative", "other"] as const;

export const STEPS: readonly StepSpec[] = [
  { key: "accept", path: "accept", fields: [date("accepted_on")] },
  { key: "decline", path: "decline", fields: [date("declined_on"), { name: "reason", kind: "textarea", required: true }] },
  { key: "mediators", path: "mediators", fields: [{ name: "mediators", kind: "members", required: true }, date("assigned_on")] },
  {
    key: "recusal",
    path: "recusal",
    fields: [
      { name: "mediator", kind: "mediator", required: true },
      { name: "replacement", kind: "member", required: true },
      { name: "objected_by", kind: "party", required: true },
      { name: "reason", kind: "textarea", required: true },
    ],
  },
  {
    key: "sessions",
    path: "sessions",
    fields: [
      date("held_on"),
      { name: "place", kind: "text", required: true },
      { name: "attendees", kind: "names" },
      { name: "summary", kind: "textarea", required: true },
    ],
  },
  { key: "continuation", path: "continuation", fields: [date("agreed_on"), date("until")] },
  {
    key: "failure",
    path: "failure",
    fields: [
      date("failed_on"),
      { name: "advice", kind: "select", required: true, table: "advice", options: ADVICE },
      { name: "note", kind: "textarea" },
    ],
  },
  {
    key: "followUps",
    path: "follow-ups",
    fields: [
      { name: "obligation", kind: "obligation", required: true },
      date("visited_on"),
      { name: "fulfilled", kind: "yesno", required: true },
      { name: "satisfied", kind: "opinion" },
      { name: "note", kind: "textarea" },
    ],
  },
  { key: "confirmation", path: "judicial-confirmation", fields: [date("applied_on"), { name: "court", kind: "text", required: true }] },
  { key: "answer", path: "judicial-confirmation/answer", fields: [date("answered_on"), { name: "confirmed", kind: "yesno", required: true }] },
  { key: "close", path: "close", fields: [date("closed_on")] },
];

export type Value = string | string[] | boolean;
export type Values = Record<string, Value>;

/** What a dispute's history says that its steps need: parties, mediators, obligations. */
export interface DisputeFacts {
  parties: string[]; // names, party n is parties[n - 1]
  mediators: string[]; // member ids assigned now
  obligations: { number: number; what: string; due_on: string }[];
  confirmation: "none" | "applied" | "answered";
}

type Event = Record<string, unknown>;

/** The facts of a dispute, folded from its events as the page shows them. */
export function factsOf(view: DisputeView): DisputeFacts {
  const facts: DisputeFacts = { parties: [], mediators: [], obligations: [], confirmation: "none" };
  for (const e of view.events as Event[]) {
    if (e.type === "DisputeRegistered") facts.parties = (e.parties as { name: string }[]).map((p) => p.name);
    if (e.type === "MediatorsAssigned") facts.mediators = e.mediators as string[];
    if (e.type === "MediatorRecused") {
      facts.mediators = facts.mediators.map((m) => (m === e.mediator ? String(e.replacement) : m));
    }
    if (e.type === "MediationAgreementReached") facts.obligations = e.obligations as DisputeFacts["obligations"];
    if (e.type === "JudicialConfirmationApplied") facts.confirmation = "applied";
    if (e.type === "JudicialConfirmationAnswered") facts.confirmation = "answered";
  }
  return facts;
}

/** The steps offered at the dispute's stage (the agreement is offered beside them). */
export function offered(status: string, facts: DisputeFacts): StepKey[] {
  switch (status) {
    case "registered":
      return ["accept", "decline"];
    case "accepted":
      return ["mediators", ...(facts.mediators.length ? (["recusal"] as const) : []), "sessions", "continuation", "failure"];
    case "agreed":
      return ["followUps", ...confirmation(facts), "close"];
    case "failed":
      return ["close"];
    case "closed":
      return confirmation(facts);
    default:
      return [];
  }
}

function confirmation(facts: DisputeFacts): StepKey[] {
  if (facts.confirmation === "none") return ["confirmation"];
  return facts.confirmation === "applied" ? ["answer"] : [];
}

/** A fresh form: dates today, choices unset, lists empty. */
export function blank(spec: StepSpec): Values {
  const values: Values = {};
  for (const f of spec.fields) {
    if (f.kind === "date") values[f.name] = chinaToday();
    else if (f.kind === "members" || f.kind === "names") values[f.name] = [];
    else if (f.kind === "yesno") values[f.name] = true;
    else values[f.name] = "";
  }
  return values;
}

/** The fields left empty that the form requires, each with ``message``. */
export function missing(spec: StepSpec, values: Values, message: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const f of spec.fields) {
    const v = values[f.name];
    const empty = typeof v === "string" ? v.trim() === "" : Array.isArray(v) && v.length === 0;
    if (f.required && empty) found[f.name] = message;
  }
  return found;
}

/** The request body: texts trimmed, a party's or obligation's number as a number. */
export function body(spec: StepSpec, values: Values): Record<string, unknown> {
  const sent: Record<string, unknown> = {};
  for (const f of spec.fields) {
    const v = values[f.name];
    if (f.kind === "party" || f.kind === "obligation") sent[f.name] = Number(v);
    else if (f.kind === "opinion") sent[f.name] = v === "" ? null : v === "yes";
    else if (typeof v === "string") sent[f.name] = v.trim();
    else if (Array.isArray(v)) sent[f.name] = v.map((x) => x.trim()).filter(Boolean);
    else sent[f.name] = v;
  }
  return sent;
}

// Events' commands, one table of actions with a form each: the steps after a plan on
// an activity (events POST activities/{id}/attendance, family-visits, files,
// evaluations, costs), on a volunteer (POST volunteers/{person_id}/hours,
// redemptions), a team's members joining and leaving, a corner refreshed, a project
// evaluated (POST projects/{id}/evaluation) — every one with If-Match — and forming a
// team or setting up a corner (Idempotency-Key). The checks mirror the API's request
// models (api/activities.py, volunteers.py, teams.py, corners.py, projects.py); the
// service still decides, and a refusal comes back on the field it names (the balance a
// redemption exceeds: on "points").
import { EVALUATORS, STAGES } from "./api";
import { toFen } from "./plan";

export type ActionKey =
  | "attendance"
  | "visit"
  | "file"
  | "evaluation"
  | "cost"
  | "hours"
  | "redeem"
  | "join"
  | "leave"
  | "refresh"
  | "newTeam"
  | "newCorner"
  | "cancel"
  | "evaluateProject";

export type FieldKind =
  | "persons" // registered persons picked from the registry
  | "household" // a household of the activity's office
  | "activity" // an activity of the volunteer's office
  | "person" // one registered person, picked from the registry
  | "member" // one of the team's members
  | "office" // an office of the writer's subtree
  | "number"
  | "money" // typed in 元, sent in 分
  | "date"
  | "text"
  | "textarea"
  | "select"
  | "file" // read here for its SHA-256 and name; the file itself is kept elsewhere
  | "scores"; // criterion and score rows

export interface FieldSpec {
  name: string; // as the API names it
  kind: FieldKind;
  required?: boolean;
  min?: number;
  max?: number; // a number's largest, a text's length
  options?: readonly string[];
  table?: "stages" | "evaluators" | "teamKinds"; // the eventsPages table a select's codes are words in
  label?: string; // an eventsPages.fields key, where the name means another thing elsewhere
}

export interface ActionSpec {
  key: ActionKey;
  path: string; // under the record's own path
  fields: readonly FieldSpec[];
}

/** Where a command goes: a record (its ids, its version as read) or a new one. */
export interface Target {
  base: string; // the record's path ("/api/v1/events/activities/{activity_id}"), or the service's
  params: Record<string, string>; // the path's ids
  version?: number; // the record's version as read; none for a new record
  office: string; // whose households, activities and residents are offered
  members?: readonly { value: string; label: string }[]; // a team's, for 离队
}

export const ACTIVITY_ACTIONS: readonly ActionSpec[] = [
  {
    key: "attendance",
    path: "attendance",
    fields: [
      { name: "person_ids", kind: "persons" },
      { name: "head_count", kind: "number", min: 0, max: 1_000_000 },
    ],
  },
  {
    key: "visit",
    path: "family-visits",
    fields: [
      { name: "household_id", kind: "household", required: true },
      { name: "people", kind: "number", required: true, min: 1, max: 50 },
      { name: "visited_on", kind: "date", required: true },
      { name: "notes", kind: "textarea", required: true, max: 2000 },
    ],
  },
  {
    key: "file",
    path: "files",
    fields: [
      { name: "sha256", kind: "file", required: true },
      { name: "name", kind: "text", required: true, max: 200 },
    ],
  },
  {
    key: "evaluation",
    path: "evaluations",
    fields: [
      { name: "stage", kind: "select", required: true, options: STAGES, table: "stages" },
      { name: "evaluator", kind: "select", required: true, options: EVALUATORS, table: "evaluators" },
      { name: "scores", kind: "scores", required: true, max: 50 },
      { name: "comment", kind: "textarea", max: 2000 },
    ],
  },
  {
    key: "cost",
    path: "costs",
    fields: [
      { name: "item", kind: "text", required: true, max: 200 },
      { name: "amount_fen", kind: "money", required: true },
    ],
  },
  // 取消活动: refused once attendance, a visit or an evaluation shows it took place.
  {
    key: "cancel",
    path: "cancel",
    fields: [{ name: "reason", kind: "textarea", required: true, max: 2000 }],
  },
];

export const VOLUNTEER_ACTIONS: readonly ActionSpec[] = [
  {
    key: "hours",
    path: "hours",
    fields: [
      { name: "activity_id", kind: "activity", required: true },
      { name: "served_on", kind: "date", required: true },
      { name: "hours", kind: "number", required: true, min: 0.1, max: 24 },
    ],
  },
  {
    key: "redeem",
    path: "redemptions",
    fields: [
      { name: "points", kind: "number", required: true, min: 1, max: 1_000_000 },
      { name: "redeemed_for", kind: "text", required: true, max: 200 },
    ],
  },
];

// 评估项目 (POST projects/{id}/evaluation): a summary and a score out of 5 (api/projects.py
// ProjectEvaluationRequest); refused before the project's period begins, on the summary.
export const PROJECT_ACTIONS: readonly ActionSpec[] = [
  {
    key: "evaluateProject",
    path: "evaluation",
    fields: [
      { name: "summary", kind: "textarea", required: true, max: 4000 },
      { name: "score", kind: "number", required: true, min: 1, max: 5 },
    ],
  },
];

const TEAM_KINDS = ["tai_chi", "aerobics", "yangko", "troupe", "other"] as const;

export const TEAM_ACTIONS: readonly ActionSpec[] = [
  {
    key: "join",
    path: "members",
    fields: [
      { name: "person_id", kind: "person", required: true },
      { name: "on", kind: "date", required: true, label: "joinedOn" },
    ],
  },
  {
    key: "leave",
    path: "leavers",
    fields: [
      { name: "person_id", kind: "member", required: true },
      { name: "on", kind: "date", required: true, label: "leftOn" },
    ],
  },
];

export const REFRESH: ActionSpec = {
  key: "refresh",
  path: "refresh",
  fields: [
    { name: "theme", kind: "text", required: true, max: 200 },
    { name: "refreshed_on", kind: "date", required: true },
  ],
};

/** Forming a team, setting up a corner: POST teams, corners (Idempotency-Key). */
export const NEW_TEAM: ActionSpec = {
  key: "newTeam",
  path: "teams",
  fields: [
    { name: "office", kind: "office", required: true },
    { name: "name", kind: "text", required: true, max: 200, label: "teamName" },
    { name: "kind", kind: "select", required: true, options: TEAM_KINDS, table: "teamKinds", label: "teamKind" },
    { name: "formed_on", kind: "date", required: true },
  ],
};
export const NEW_CORNER: ActionSpec = {
  key: "newCorner",
  path: "corners",
  fields: [
    { name: "office", kind: "office", required: true },
    { name: "place", kind: "text", required: true, max: 200 },
    { name: "since", kind: "date", required: true },
  ],
};

export const CRITERIA = ["目标实现程度", "活动价值", "满意度"]; // the seeds' scored form

export type ScoreRow = { criterion: string; score: number | undefined };

/** A form: texts, dates and choices; numbers; persons picked; scored lines. */
export interface Values {
  text: Record<string, string>;
  number: Record<string, number | undefined>;
  persons: string[];
  scores: ScoreRow[];
}

/** A fresh form: dates today, the office ``office``, the seeds' criteria to score. */
export function blank(spec: ActionSpec, today: string, office = ""): Values {
  const values: Values = { text: {}, number: {}, persons: [], scores: [] };
  for (const f of spec.fields) {
    if (f.kind === "number" || f.kind === "money") values.number[f.name] = f.min === 0 ? 0 : undefined;
    else if (f.kind === "scores") values.scores = CRITERIA.map((criterion) => ({ criterion, score: undefined }));
    else if (f.kind !== "persons") values.text[f.name] = f.kind === "date" ? today : f.kind === "office" ? office : "";
  }
  return values;
}

export interface Messages {
  required: string;
  tooLong: (max: number) => string;
  between: (min: number, max: number) => string;
  nobody: string; // attendance: no one named, no head count
}

/** What the API would refuse, by the field it names ("scores.0.score"). */
export function problems(spec: ActionSpec, v: Values, m: Messages): Record<string, string> {
  const found: Record<string, string> = {};
  for (const f of spec.fields) {
    if (f.kind === "number" || f.kind === "money") {
      const n = f.kind === "money" ? toFen(v.number[f.name]) : v.number[f.name];
      const [low, high] = f.kind === "money" ? [1, 10_000_000_000] : [f.min ?? 0, f.max ?? Infinity];
      if (n === undefined) {
        if (f.required) found[f.name] = m.required;
      } else if (n < low || n > high) found[f.name] = m.between(f.min ?? low, f.max ?? high);
    } else if (f.kind === "scores") {
      const rows = scoredRows(v);
      if (!rows.length) found.scores = m.required;
      rows.forEach((r, i) => {
        if (r.criterion.trim() === "") found[`scores.${i}.criterion`] = m.required;
        else if (r.criterion.trim().length > 100) found[`scores.${i}.criterion`] = m.tooLong(100);
        if (r.score === undefined || r.score < 1 || r.score > 5) found[`scores.${i}.score`] = m.between(1, 5);
      });
    } else if (f.kind !== "persons") {
      const text = (v.text[f.name] ?? "").trim();
      if (f.required && text === "") found[f.name] = m.required;
      else if (f.max !== undefined && text.length > f.max) found[f.name] = m.tooLong(f.max);
    }
  }
  if (spec.key === "attendance" && v.persons.length === 0 && !v.number.head_count) found.head_count = m.nobody;
  return found;
}

// A scored line left wholly empty is not sent.
const scoredRows = (v: Values): ScoreRow[] => v.scores.filter((r) => r.criterion.trim() !== "" || r.score !== undefined);

/** The request body: text trimmed, 元 as 分, the scored lines filled in. */
export function body(spec: ActionSpec, v: Values): Record<string, unknown> {
  const sent: Record<string, unknown> = {};
  for (const f of spec.fields) {
    if (f.kind === "persons") sent[f.name] = [...v.persons];
    else if (f.kind === "money") sent[f.name] = toFen(v.number[f.name]);
    else if (f.kind === "number") sent[f.name] = v.number[f.name] ?? 0;
    else if (f.kind === "scores") sent[f.name] = scoredRows(v).map((r) => ({ criterion: r.criterion.trim(), score: r.score }));
    else sent[f.name] = (v.text[f.name] ?? "").trim();
  }
  return sent;
}

/** Every field a refusal may name: the spec's and each scored line's. */
export function fieldsOf(spec: ActionSpec, v: Values): string[] {
  const lines = scoredRows(v).flatMap((_, i) => [`scores.${i}.criterion`, `scores.${i}.score`]);
  return [...spec.fields.map((f) => f.name), ...lines];
}

/** A file's SHA-256 (lower-case hex), as the API references a file it does not keep. */
export async function sha256Of(file: Blob): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", await file.arrayBuffer());
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

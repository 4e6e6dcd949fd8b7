// A case event's facts in the office's words: each key's label, codes as words (the
// same key names a different table in some events: an evaluation's kind, a serious
// violation's reason), helpers one per line; an unknown key or code as it is.
import { t } from "@/i18n";
import { label } from "./api";

const TABLES: Record<string, string> = {
  kind: "kinds",
  ground: "grounds",
  result: "results",
  violation: "violations",
  outcome: "outcomes",
  received_from: "sources",
};
const BY_EVENT: Record<string, Record<string, string>> = {
  RehabEvaluationRecorded: { kind: "evaluationKinds" },
  SeriousViolationFound: { reason: "serious" },
  CaseWorkNoteRecorded: { kind: "caseWorkKinds" },
  RehabDocumentIssued: { kind: "documents.kinds" },
};
const LEFT_OUT = new Set(["case_id", "office", "person_id"]);

export interface FactLine {
  key: string;
  label: string;
  value: string;
}

function shown(type: string, key: string, value: unknown): string {
  if (value == null || value === "") return "";
  if (typeof value === "boolean") return t(`rehabPages.common.${value ? "yes" : "no"}`);
  if (Array.isArray(value)) {
    return value
      .map((h: { role?: string; name?: string; phone?: string | null }) =>
        [label("teamRoles", h.role), h.name, h.phone].filter(Boolean).join(" "),
      )
      .join("；");
  }
  const table = BY_EVENT[type]?.[key] ?? TABLES[key];
  return table ? label(table, String(value)) : String(value);
}

/** The lines of one event's facts, in the order recorded, the empty ones left out. */
export function factLines(type: string, facts: Record<string, unknown>): FactLine[] {
  return Object.entries(facts)
    .filter(([key]) => !LEFT_OUT.has(key))
    .map(([key, value]) => ({ key, label: label("facts", key), value: shown(type, key, value) }))
    .filter((line) => line.value !== "");
}

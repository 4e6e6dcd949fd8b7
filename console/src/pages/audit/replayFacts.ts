// The replayed state (案卷回放's 当时的状态) in the office's words: each key the owning
// service's decider folds into (name, birth_date, residence…) shown by its label, and
// each coded value (male, floating…) by its word, from adminPages.fields/codes. A key
// or code with no label is shown as it is, so a field a service adds later still
// reads, only untranslated. Nested records (a case's registrations, follow-ups) read
// as one line each: "登记日期：2026-03-01；注销日期：…".
import { t } from "@/i18n";
import { day } from "@/lib/dates";

export interface Fact {
  key: string;
  label: string;
  lines: string[];
}

const label = (key: string): string => lookup(`adminPages.fields.${key}`) ?? key;

function lookup(path: string): string | undefined {
  const found = t(path);
  return found === path ? undefined : found;
}

/** A value of field ``key`` as a word: a code word, a date, 是/否, or itself. */
function scalar(key: string, value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "boolean") return t(value ? "common.yes" : "common.no");
  const text = String(value);
  return lookup(`adminPages.codes.${key}.${text}`) ?? day(text);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** One record on one line: each field's label and value, nested lists inline. */
function line(record: Record<string, unknown>): string {
  return Object.entries(record)
    .filter(([, value]) => value !== null && value !== "" && !(Array.isArray(value) && !value.length))
    .map(([key, value]) => `${label(key)}：${inline(key, value)}`)
    .join("；");
}

function inline(key: string, value: unknown): string {
  if (Array.isArray(value)) return value.map((item) => (isRecord(item) ? `（${line(item)}）` : scalar(key, item))).join("、");
  if (isRecord(value)) return `（${line(value)}）`;
  return scalar(key, value);
}

/** The lines a field's value reads as: one for a plain value, one per nested item. */
function lines(key: string, value: unknown): string[] {
  if (Array.isArray(value)) {
    if (value.some(isRecord)) return value.map((item) => (isRecord(item) ? line(item) : scalar(key, item)));
    return [value.map((item) => scalar(key, item)).join("、")];
  }
  if (isRecord(value)) {
    // A map: members (person → relation), groups (name → group), targets (metric → target).
    return Object.entries(value).map(([inner, item]) =>
      isRecord(item) ? `${scalar("metric", inner)}：${line(item)}` : `${inner}（${scalar(key, item)}）`,
    );
  }
  return [scalar(key, value)];
}

/** The state's facts in the reader's words, in the order the service folds them. */
export function facts(state: unknown): Fact[] {
  if (!isRecord(state)) return [];
  return Object.entries(state).map(([key, value]) => ({ key, label: label(key), lines: lines(key, value) }));
}

// Rehab's typed client, the command runner of its pages, and the few rules the forms
// mirror (which grounds each kind of case may be ordered on: contracts/rehab/_types.py
// GROUNDS_OF_KIND).
import { ref } from "vue";
import { rehab, saveFile } from "@/api/client";
import { describe, fieldErrors, type Problem } from "@/api/problem";
import type { components } from "@/api/rehab";
import { t } from "@/i18n";

export { rehab };

export type CaseView = components["schemas"]["CaseView"];
export type ListedCase = components["schemas"]["ListedCase"];
export type ReadRow = components["schemas"]["ReadRow"];
export type IssueRequest = components["schemas"]["IssueRequest"];
export type DocumentCheck = components["schemas"]["DocumentCheck"];
export type DocumentKind = IssueRequest["kind"];
export type DocumentFormat = NonNullable<IssueRequest["format"]>;
export type Kind = components["schemas"]["OpenRequest"]["kind"];
export type Ground = components["schemas"]["OpenRequest"]["ground"];

export const KINDS: Kind[] = ["community_detox", "community_recovery", "agreement_placement"];
export const GROUNDS_OF_KIND: Record<Kind, Ground[]> = {
  community_detox: [
    "first_time",
    "stable_life",
    "pregnant_or_nursing",
    "minor_or_student",
    "over_seventy",
    "ill_or_disabled",
    "unsuited_for_isolation",
  ],
  community_recovery: ["released_from_isolation"],
  agreement_placement: ["no_fixed_home", "no_livelihood", "no_community_conditions", "placement_other"],
};
export const MAX_TERM_MONTHS = 36; // 《禁毒法》 art. 33 and 48
export const DOCUMENT_KINDS: DocumentKind[] = ["agreement", "test_entrustment", "warning"];

/**
 * Print a document of the case (POST cases/{id}/documents): the service records the
 * file's SHA-256 on the case and answers the file, saved here under its own name.
 */
export async function printDocument(caseId: string, body: IssueRequest): Promise<Answer<string>> {
  const answer = await rehab.POST("/api/v1/rehab/cases/{case_id}/documents", {
    params: { path: { case_id: caseId } },
    body,
    parseAs: "blob",
  });
  const file = answer.data as Blob | undefined;
  const fallback = `${body.kind}.${body.format ?? "pdf"}`;
  const saved = file && saveFile(file, answer.response.headers.get("Content-Disposition"), fallback);
  return { data: saved, error: answer.error, response: answer.response };
}

/** Whether a file is a document issued on a case (POST documents/check, its bytes). */
export async function checkDocument(file: Blob) {
  return rehab.POST("/api/v1/rehab/documents/check", {
    body: file as unknown as string,
    bodySerializer: (sent: unknown) => sent as Blob,
    headers: { "Content-Type": "application/octet-stream" },
  });
}

/** A code in the office's words from one of this area's tables, or the code itself. */
export function label(table: string, code: string | null | undefined): string {
  if (code == null) return "";
  const key = `rehabPages.${table}.${code}`;
  const found = t(key);
  return found === key ? code : found;
}

/** The ETag a version is sent back as (If-Match). */
export function ifMatch(version: number): string {
  return `"${version}"`;
}

/** Today in China (YYYY-MM-DD), as the service dates a day. */
export function chinaToday(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** Whether a date picker's day (local midnight) is after today in China. */
export function afterToday(d: Date): boolean {
  const local = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
  return local > chinaToday();
}

interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/**
 * Send a command and show its refusal: on the form's fields (problem+json
 * errors[].field), anything naming none of them above the buttons, and a stale
 * version (409/412; 428 if none was sent) as 重新加载.
 */
export function useRehabCommand() {
  const busy = ref(false);
  const errors = ref<Record<string, string>>({});
  const failure = ref("");
  const stale = ref(false);

  function clear(): void {
    errors.value = {};
    failure.value = "";
    stale.value = false;
  }

  async function run<T>(fields: readonly string[], call: () => Promise<Answer<T>>): Promise<T | undefined> {
    clear();
    busy.value = true;
    try {
      const { data, error, response } = await call();
      if (data !== undefined) return data;
      const problem = error as Problem | undefined;
      errors.value = fieldErrors(problem);
      stale.value = [409, 412, 428].includes(response.status);
      if (stale.value) failure.value = t("rehabPages.common.stale");
      else if (!Object.keys(errors.value).some((f) => fields.includes(f))) {
        failure.value = describe(problem, t("rehabPages.common.error"));
      }
      return undefined;
    } finally {
      busy.value = false;
    }
  }

  return { busy, errors, failure, stale, clear, run };
}

/**
 * Whether the reader's usual scope can hold a case at all (domain/access.py
 * may_read_case): a district-level police liaison or anti-drug officer reads a case
 * only by break-glass, and writes none.
 */
export function usualScopeHoldsCases(office: string, roles: ReadonlySet<string>): boolean {
  const districtLevel = /^0+$/.test(office.slice(6));
  return roles.has("rehab_worker") || !districtLevel;
}

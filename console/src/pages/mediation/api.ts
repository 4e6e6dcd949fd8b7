// Mediation's typed client and the words of its codes (人民调解: sources, kinds, stages).
import { mediation, saveFile } from "@/api/client";
import type { components } from "@/api/mediation";
import { t } from "@/i18n";

export { mediation };

export type LedgerEntry = components["schemas"]["LedgerEntry"];
export type DisputeView = components["schemas"]["DisputeView"];
export type Member = components["schemas"]["Member"];
export type Source = components["schemas"]["RegisterRequest"]["source"];
export type Kind = components["schemas"]["RegisterRequest"]["kind"];

export const SOURCES: Source[] = [
  "walk_in",
  "hotline",
  "police_referral",
  "court_referral",
  "street_referral",
  "screening",
];
export type DocumentRequest = components["schemas"]["IssueRequest"];
export type DocumentKind = DocumentRequest["kind"];
export type DocumentFormat = NonNullable<DocumentRequest["format"]>;
export const DOCUMENT_KINDS: DocumentKind[] = ["agreement", "application", "session_record", "follow_up_record"];

/**
 * Print a document of the dispute (POST disputes/{id}/documents): the service records
 * the file's SHA-256 on the dispute and answers the file, saved here under its name.
 */
export async function printDocument(disputeId: string, body: DocumentRequest) {
  const answer = await mediation.POST("/api/v1/mediation/disputes/{dispute_id}/documents", {
    params: { path: { dispute_id: disputeId } },
    body,
    parseAs: "blob",
  });
  const file = answer.data as Blob | undefined;
  const fallback = `${body.kind}.${body.format ?? "pdf"}`;
  const saved = file && saveFile(file, answer.response.headers.get("Content-Disposition"), fallback);
  return { data: saved, error: answer.error };
}

export const KINDS: Kind[] = ["demolition", "neighbours", "family", "property", "labour", "damages", "other"];

/** A code in the office's words from one of this area's tables, or the code itself. */
export function label(table: string, code: string | null | undefined): string {
  if (code == null) return "";
  const key = `mediationPages.${table}.${code}`;
  const found = t(key);
  return found === key ? code : found;
}

/** A rate (0–1) as a percentage, or — where nothing was counted. */
export function percent(rate: number | null | undefined): string {
  return rate == null ? "—" : `${(rate * 100).toFixed(1)}%`;
}

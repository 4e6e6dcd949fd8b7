// What the employment service pages' forms share: the day in China, the If-Match of a
// version read, a code in words from the area's tables, and a refusal shown on its
// fields (else above the buttons, with 重新加载 offered on a 412).
import type { Ref } from "vue";
import { describe, fieldErrors, type Problem } from "@/api/problem";
import { t } from "@/i18n";

/** Today in China, where the offices are (as the services read a bare date). */
export function today(): string {
  return new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Shanghai" }).format(new Date());
}

/** The ETag a record of ``version`` came with, sent back as If-Match. */
export function ifMatch(version: number): string {
  return `"${version}"`;
}

/** A code in words from one of the area's tables (employmentPages.<group>). */
export function named(group: string, code: string | null | undefined): string {
  if (code == null) return "";
  const found = t(`employmentPages.${group}.${code}`);
  return found.startsWith("employmentPages.") ? code : found;
}

/** A form's state for a refusal: errors by field, a line above the buttons, a stale read. */
export interface Refusal {
  errors: Ref<Record<string, string>>;
  failure: Ref<string>;
  stale: Ref<boolean>;
}

/** Show a refusal: on the model's fields, else above the buttons; a 412 offers a reload. */
export function refused(refusal: Refusal, problem: Problem | undefined, status: number, model: object): void {
  refusal.errors.value = fieldErrors(problem);
  refusal.stale.value = status === 412 || status === 409;
  refusal.failure.value = "";
  if (refusal.stale.value) {
    refusal.failure.value = t("employmentPages.common.conflict");
  } else if (!Object.keys(refusal.errors.value).some((f) => f in model)) {
    refusal.failure.value = describe(problem, t("common.error"));
  }
}

/** Forget an earlier refusal before sending again. */
export function cleared(refusal: Refusal): void {
  refusal.errors.value = {};
  refusal.failure.value = "";
  refusal.stale.value = false;
}

// One way every registry change on these pages is sent and answered: busy while it
// runs, the registry's refusal shown on the form's fields (problem+json errors[].field),
// anything naming no field above the buttons, and a stale version (412, or 409 when
// the record changed under it; 428 if none was sent) offered as 重新加载.
import { ref } from "vue";
import { describe, fieldErrors, type Problem } from "@/api/problem";
import { t } from "@/i18n";

interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

export function useCommand() {
  const busy = ref(false);
  const errors = ref<Record<string, string>>({});
  const failure = ref("");
  const stale = ref(false);

  function clear(): void {
    errors.value = {};
    failure.value = "";
    stale.value = false;
  }

  /** Send ``call``; its data, or undefined once the refusal is shown. */
  async function run<T>(fields: readonly string[], call: () => Promise<Answer<T>>): Promise<T | undefined> {
    clear();
    busy.value = true;
    try {
      const { data, error, response } = await call();
      if (data !== undefined) return data;
      const problem = error as Problem | undefined;
      errors.value = fieldErrors(problem);
      stale.value = [409, 412, 428].includes(response.status);
      if (stale.value) {
        failure.value = `${t("registryPages.stale")}${problem?.detail ? `（${problem.detail}）` : ""}`;
      } else if (!Object.keys(errors.value).some((f) => fields.includes(f))) {
        failure.value = describe(problem, t("common.error"));
      }
      return undefined;
    } finally {
      busy.value = false;
    }
  }

  return { busy, errors, failure, stale, clear, run };
}

/** The ETag a version is sent back as (If-Match). */
export function ifMatch(version: number): string {
  return `"${version}"`;
}

export type MoveKind = "within_community" | "to_community" | "to_street";

/**
 * How far a move goes, read from the two office codes as the registry reads them
 * (domain/person/_rules.py move_kind): the same community, another community of the
 * same street (the first 9 digits), or another street.
 */
export function moveKind(from: string, to: string): MoveKind {
  if (from.slice(0, 12) === to.slice(0, 12)) return "within_community";
  if (from.slice(0, 9) === to.slice(0, 9)) return "to_community";
  return "to_street";
}

/** Whether ``code`` reads as a 12-digit division code (统计用区划代码). */
export function isOfficeCode(code: string): boolean {
  return /^[0-9]{12}$/.test(code);
}

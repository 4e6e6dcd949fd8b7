// One way a work-plan change is sent and answered: busy while it runs, reporting's
// refusal shown on the form's fields (problem+json errors[].field), anything naming no
// field above the buttons, and a stale version (412; 428 if none was sent) offered as
// 重新加载.
import { ref } from "vue";
import { describe, fieldErrors, type Problem } from "@/api/problem";
import { t } from "@/i18n";

interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

export function usePlanCommand() {
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
      if (stale.value) failure.value = t("reportingPages.common.stale");
      else if (!Object.keys(errors.value).some((f) => fields.includes(f))) {
        failure.value = describe(problem, t("reportingPages.common.error"));
      }
      return undefined;
    } finally {
      busy.value = false;
    }
  }

  return { busy, errors, failure, stale, clear, run };
}

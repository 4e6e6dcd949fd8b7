// 创建考评's client and words: reporting's typed client, a code in the reader's words
// from this area's tables, today in China, and the command runner of its dialogs.
import { reporting } from "@/api/client";
import { describe, type Problem } from "@/api/problem";
import { t } from "@/i18n";
import { usePlanCommand } from "@/pages/reporting/command";
import { chinaDay } from "@/pages/reporting/reports";

export { reporting };
export { ifMatch } from "@/pages/registry/command";

interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/**
 * The work-plan pages' runner (a refusal on its field, a stale version — 412 — offered
 * as 重新加载), with one difference: a designation answers 409 for a rule its step
 * breaks (not at this stage, too small to apply), which is said as the service says
 * it, not as a record changed meanwhile; only 409 concurrent-change is that.
 */
export function useCommand() {
  const plan = usePlanCommand();

  async function run<T>(fields: readonly string[], call: () => Promise<Answer<T>>): Promise<T | undefined> {
    let answer: Answer<T> | undefined;
    const data = await plan.run(fields, async () => (answer = await call()));
    const problem = answer?.error as Problem | undefined;
    if (answer?.response.status === 409 && !problem?.type.endsWith("/concurrent-change")) {
      plan.stale.value = false;
      const onField = Object.keys(plan.errors.value).some((f) => fields.includes(f));
      plan.failure.value = onField ? "" : describe(problem, t("designationPages.common.error"));
    } else if (plan.stale.value) plan.failure.value = t("designationPages.common.stale");
    return data;
  }

  return { ...plan, run };
}

type Table = "statuses" | "whats" | "events" | "steps" | "fields" | "methods" | "comparisons" | "revocations";

/** A code in the reader's words from one of this area's tables, or the code itself. */
export function say(table: Table, code: string | null | undefined): string {
  if (code == null) return "";
  const key = `designationPages.${table}.${code}`;
  const found = t(key);
  return found === key ? code : found;
}

/** A designation's status in words; none yet reads 未开展. */
export function statusWord(status: string | null | undefined): string {
  return say("statuses", status ?? "none");
}

/** Today in China as YYYY-MM-DD. */
export function today(): string {
  return chinaDay(new Date());
}

// 创建考评's client and words: reporting's typed client, a code in the reader's words
// from this area's tables, today in China, and the command runner the work-plan pages
// use (a refusal on its field, a stale version offered as 重新加载).
import { reporting } from "@/api/client";
import { t } from "@/i18n";
import { chinaDay } from "@/pages/reporting/reports";

export { reporting };
export { usePlanCommand as useCommand } from "@/pages/reporting/command";
export { ifMatch } from "@/pages/registry/command";

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

// One way to show a bare date (YYYY-MM-DD) from any service. A person's erased birth
// date reads as 0001-01-01 in some services (the contracts' ERASED_DATE, the value a
// sealed date opens to once the person's key is destroyed): it is shown as 已删除,
// never as a year one.
import { t } from "@/i18n";

export const ERASED_DATE = "0001-01-01";

/** The day as written, 已删除 for the erased date, "" for none. */
export function day(value: string | null | undefined): string {
  if (value == null) return "";
  return value.startsWith(ERASED_DATE) ? t("common.erased") : value;
}

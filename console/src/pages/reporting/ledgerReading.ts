// What every ledger page of reporting keeps: the office and the day it is read as of
// (today by default: read now; a past day: at its end, reporting's as_of), the page, and
// whether it is loading, exporting or refused; and its export, saved and then said.
import { ref } from "vue";
import { useSession } from "@/stores/session";
import { exportLedgers } from "./download";
import { chinaDay } from "./reports";

export function useLedgerReading() {
  const session = useSession();
  const office = ref(session.office);
  const asOf = ref(chinaDay(new Date()));
  const page = ref(1);
  const size = ref(20);
  const loading = ref(false);
  const exporting = ref("");
  const problem = ref(""); // why the ledger could not be read (e.g. a day before any record)

  /** Today reads the ledger now; a past day, at its end (reporting's as_of). */
  function moment(): { as_of?: string } {
    return asOf.value && asOf.value !== chinaDay(new Date()) ? { as_of: asOf.value } : {};
  }

  /** Save ``path``'s export of this office as of this day; ``query`` says which. */
  async function exportAs(path: string, query: Record<string, string>, name: string): Promise<void> {
    exporting.value = query.format ?? "xlsx";
    const params = new URLSearchParams({ within: office.value, ...query, ...moment() });
    await exportLedgers(`${path}?${params}`, name);
    exporting.value = "";
  }

  return { office, asOf, page, size, loading, exporting, problem, moment, exportAs };
}

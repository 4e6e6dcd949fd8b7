// The 工作台's trend and plan progress, as plain functions: which month-ends the
// employment rate's trend reads (China dates: reporting reads a bare date as that
// day's end in China time), and how far an actual has come towards its target.

export interface MonthEnd {
  month: string; // YYYY-MM, the axis label
  asOf: string | undefined; // the month's last day; none for the current month (now)
}

/** The China date of ``now`` as YYYY-MM-DD. */
export function chinaDay(now: Date): string {
  return new Date(now.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

/** The last ``count`` month-ends up to ``now``: the current month's point is read now. */
export function monthEnds(now: Date, count = 12): MonthEnd[] {
  const [year, month] = chinaDay(now).split("-").map(Number) as [number, number];
  const found: MonthEnd[] = [];
  for (let back = count - 1; back >= 0; back--) {
    const first = new Date(Date.UTC(year, month - 1 - back, 1));
    const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0));
    found.push({ month: first.toISOString().slice(0, 7), asOf: back === 0 ? undefined : last.toISOString().slice(0, 10) });
  }
  return found;
}

/** How far the actual has come, 0–100: towards an at-least target, or within an at-most one. */
export function progress(comparison: string, target: number, actual: number | null): number {
  if (actual === null) return 0;
  if (comparison === "at_most") {
    if (actual <= target) return 100;
    return actual > 0 ? Math.max(0, Math.min(100, (target / actual) * 100)) : 0;
  }
  if (target <= 0) return 100;
  return Math.max(0, Math.min(100, (actual / target) * 100));
}

/** A figure as shown: a rate as a percentage with one decimal, a count as it is. */
export function figure(metric: string, value: number | null): string {
  if (value === null) return "—";
  return metric === "employment_rate" ? `${(value * 100).toFixed(1)}%` : String(Math.round(value));
}

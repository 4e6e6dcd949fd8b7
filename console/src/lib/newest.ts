// 只取最新的回答: a page asks again when a filter, a page or a search changes, and an
// answer may come after a later one (a slow first list after a search's results).
// Only the newest request's answer is used; an older one that arrives after a newer
// was asked never resolves, so what it would have shown is never shown.

/** A wrapper for one page's requests that lets only the newest answer through. */
export function newestOnly(): <T>(request: Promise<T>) => Promise<T> {
  let asked = 0;
  return async <T>(request: Promise<T>): Promise<T> => {
    const mine = ++asked;
    const answer = await request;
    return mine === asked ? answer : new Promise<never>(() => {});
  };
}

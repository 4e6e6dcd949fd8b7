import { describe, expect, it } from "vitest";
import { newestOnly } from "./newest";

const after = <T>(ms: number, value: T): Promise<T> =>
  new Promise((resolve) => setTimeout(() => resolve(value), ms));

describe("only the newest answer", () => {
  it("is used when an older one arrives after it", async () => {
    const newest = newestOnly();
    const shown: string[] = [];
    const first = newest(after(40, "everyone")).then((v) => shown.push(v));
    await newest(after(5, "建")).then((v) => shown.push(v));
    await Promise.race([first, after(80, "waited")]);
    expect(shown).toEqual(["建"]);
  });

  it("passes each answer of requests made one after another", async () => {
    const newest = newestOnly();
    expect(await newest(after(1, "a"))).toBe("a");
    expect(await newest(after(1, "b"))).toBe("b");
  });
});

import { describe, expect, it } from "vitest";
import { day } from "./dates";

describe("a date as shown", () => {
  it("is the day as the service wrote it", () => {
    expect(day("1983-02-14")).toBe("1983-02-14");
  });

  it("is 已删除 for an erased birth date, with or without a time", () => {
    expect(day("0001-01-01")).toBe("已删除");
    expect(day("0001-01-01T00:00:00")).toBe("已删除");
  });

  it("is empty for none", () => {
    expect(day(null)).toBe("");
    expect(day(undefined)).toBe("");
  });
});

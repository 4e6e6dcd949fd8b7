import { describe, expect, it } from "vitest";
import { chinaDay, figure, monthEnds, progress } from "./trends";

describe("the workbench's trend", () => {
  it("reads the last twelve month-ends, the current month now", () => {
    const ends = monthEnds(new Date("2026-03-15T02:00:00Z"));

    expect(ends.length).toBe(12);
    expect(ends[0]).toEqual({ month: "2025-04", asOf: "2025-04-30" });
    expect(ends[10]).toEqual({ month: "2026-02", asOf: "2026-02-28" });
    expect(ends[11]).toEqual({ month: "2026-03", asOf: undefined });
  });

  it("takes the month of China's date", () => {
    expect(chinaDay(new Date("2026-03-31T17:00:00Z"))).toBe("2026-04-01");
    expect(monthEnds(new Date("2026-03-31T17:00:00Z"))[11]!.month).toBe("2026-04");
  });
});

describe("a target's progress", () => {
  it("is the share of an at-least target reached, at most 100", () => {
    expect(progress("at_least", 0.96, 0.48)).toBe(50);
    expect(progress("at_least", 10, 12)).toBe(100);
    expect(progress("at_least", 10, null)).toBe(0);
  });

  it("is full within an at-most target, less the further past it", () => {
    expect(progress("at_most", 20, 10)).toBe(100);
    expect(progress("at_most", 20, 40)).toBe(50);
  });

  it("shows a rate as a percentage and a count as it is", () => {
    expect(figure("employment_rate", 0.9512)).toBe("95.1%");
    expect(figure("new_jobs", 12)).toBe("12");
    expect(figure("new_jobs", null)).toBe("—");
  });
});

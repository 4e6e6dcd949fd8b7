import { describe, expect, it } from "vitest";
import {
  afterToday,
  chinaDay,
  figure,
  fileName,
  mayPlan,
  partiesShown,
  percent,
  progress,
  sentTarget,
  size,
  typedTarget,
} from "./reports";

describe("reporting's pages", () => {
  it("start on the China day, which begins at 16:00 UTC", () => {
    expect(chinaDay(new Date("2026-03-31T15:59:00Z"))).toBe("2026-03-31");
    expect(chinaDay(new Date("2026-03-31T16:00:00Z"))).toBe("2026-04-01");
  });

  it("offer no day after today", () => {
    const now = new Date("2026-03-31T04:00:00Z");
    expect(afterToday(new Date(2026, 2, 31), now)).toBe(false);
    expect(afterToday(new Date(2026, 3, 1), now)).toBe(true);
  });

  it("let an office's own staff or an admin above it set its plan", () => {
    const worker = new Set(["community_worker"]);
    const street = new Set(["street_admin"]);
    const auditor = new Set(["auditor"]);
    expect(mayPlan(worker, "441900101002", "441900101002")).toBe(true);
    expect(mayPlan(worker, "441900101000", "441900101002")).toBe(false);
    expect(mayPlan(street, "441900101000", "441900101002")).toBe(true);
    expect(mayPlan(auditor, "441900000000", "441900000000")).toBe(false);
  });

  it("type the employment rate as a percentage and send it as a share", () => {
    expect(typedTarget("employment_rate", 0.96)).toBe(96);
    expect(sentTarget("employment_rate", 96.5)).toBe(0.965);
    expect(typedTarget("new_jobs", 120)).toBe(120);
    expect(sentTarget("new_jobs", 120)).toBe(120);
  });

  it("type rehab's shares as percentages and its counts as they are", () => {
    expect(typedTarget("rehab_test_compliance", 0.95)).toBe(95);
    expect(sentTarget("rehab_ledger_completeness", 90)).toBe(0.9);
    expect(sentTarget("rehab_relapses", 2)).toBe(2);
    expect(figure("rehab_test_compliance", 0.5)).toBe("50.0%");
    expect(figure("rehab_staffing_shortfall", 1)).toBe("1");
    expect(percent(0.666667)).toBe("66.7%");
    expect(percent(null)).toBe("—");
  });

  it("type mediation's rates as percentages, its disputes as a count, list its parties", () => {
    expect(typedTarget("mediation_success_rate", 0.9)).toBe(90);
    expect(sentTarget("mediation_satisfaction_rate", 95)).toBe(0.95);
    expect(sentTarget("disputes_registered", 40)).toBe(40);
    expect(figure("mediation_fulfilment_rate", 1)).toBe("100.0%");
    expect(partiesShown([{ name: "张三" }, { name: "李*" }])).toBe("张三、李*");
    expect(partiesShown([])).toBe("—");
  });

  it("show figures and progress against a target", () => {
    expect(figure("employment_rate", 0.9512)).toBe("95.1%");
    expect(figure("new_jobs", 12)).toBe("12");
    expect(figure("new_jobs", null)).toBe("—");
    expect(progress("at_least", 0.96, 0.48)).toBe(50);
    expect(progress("at_most", 2, 4)).toBe(50);
    expect(progress("at_most", 2, 1)).toBe(100);
    expect(progress("at_least", 10, null)).toBe(0);
  });

  it("read sizes and file names", () => {
    expect(size(512)).toBe("512 B");
    expect(size(2048)).toBe("2.0 KB");
    expect(fileName("attachment; filename*=UTF-8''%E5%8F%B0%E5%B8%90.xlsx")).toBe("台帐.xlsx");
    expect(fileName('attachment; filename="ledgers-1.xlsx"')).toBe("ledgers-1.xlsx");
  });
});

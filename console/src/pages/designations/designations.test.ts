import { describe, expect, it } from "vitest";
import {
  asPercent,
  asShare,
  type CampaignView,
  dueOrder,
  formOf,
  ledgerLink,
  levelOf,
  requestOf,
  type Standing,
  stepsFor,
} from "./designations";
import { blank, body, missing, STEPS } from "./steps";

const COMMUNITY = "441900101002";
const STREET = "441900101000";
const DISTRICT = "441900000000";
const worker = { roles: new Set(["community_worker"]), office: COMMUNITY };
const street = { roles: new Set(["street_admin"]), office: STREET };
const district = { roles: new Set(["district_admin"]), office: DISTRICT };
const auditor = { roles: new Set(["auditor"]), office: DISTRICT };

function standing(status: string, more: Partial<Standing> = {}): Standing {
  return {
    office: COMMUNITY,
    status,
    stages: [
      { code: "organisation", done_on: "2026-01-05" },
      { code: "self_check", done_on: null },
    ],
    notice_until: null,
    grades: [],
    today: "2026-06-01",
    ...more,
  };
}

describe("the steps a role may take at a status", () => {
  it("lets the community's worker record the next stage, then apply", () => {
    expect(stepsFor(worker, standing("preparing"))).toEqual(["stage"]);
    const done = standing("preparing", { stages: [{ code: "organisation", done_on: "2026-01-05" }] });
    expect(stepsFor(worker, done)).toEqual(["apply"]);
  });

  it("does not let a worker of another community prepare, but an admin above may", () => {
    expect(stepsFor({ ...worker, office: "441900101001" }, standing("preparing"))).toEqual([]);
    expect(stepsFor(street, standing("preparing"))).toEqual(["stage"]);
  });

  it("gives the review to the street above, never to the office itself", () => {
    expect(stepsFor(street, standing("applied"))).toEqual(["review"]);
    expect(stepsFor(worker, standing("applied"))).toEqual([]);
    expect(stepsFor({ roles: new Set(["street_admin"]), office: STREET }, standing("applied", { office: STREET }))).toEqual([]);
  });

  it("gives acceptance, inspection, naming and the long term to the district's admin", () => {
    expect(stepsFor(district, standing("reviewed"))).toEqual(["accept", "refuse"]);
    expect(stepsFor(district, standing("accepted", { notice_until: "2026-06-01" }))).toEqual(["objection"]);
    expect(stepsFor(district, standing("accepted", { notice_until: "2026-05-31" }))).toEqual(["inspect"]);
    expect(stepsFor(district, standing("inspected"))).toEqual(["name"]);
    expect(stepsFor(district, standing("named"))).toEqual(["evaluate", "recheck"]);
    expect(stepsFor(district, standing("rectifying"))).toEqual(["rectification"]);
    expect(stepsFor(district, standing("revoked"))).toEqual([]);
    expect(stepsFor(street, standing("reviewed"))).toEqual([]);
  });

  it("offers the district the year's grade at any status when the campaign has grades", () => {
    expect(stepsFor(district, standing("preparing", { grades: ["保无毒", "创无毒"] }))).toEqual(["stage", "grade"]);
    expect(stepsFor(street, standing("named", { grades: ["保无毒"] }))).toEqual([]);
  });

  it("offers a reader nothing", () => {
    for (const status of ["preparing", "applied", "reviewed", "named"]) expect(stepsFor(auditor, standing(status))).toEqual([]);
  });

  it("reads an office's level from its code", () => {
    expect([levelOf(DISTRICT), levelOf(STREET), levelOf(COMMUNITY)]).toEqual(["district", "street", "community"]);
  });
});

describe("the to-do list", () => {
  it("puts the overdue first, then by due date", () => {
    const dues = [
      { office: "b", due_on: "2026-07-01" },
      { office: "a", due_on: null },
      { office: "c", due_on: "2026-05-01" },
      { office: "d", due_on: "2026-06-10" },
    ];
    expect(dueOrder(dues, "2026-06-01").map((d) => d.office)).toEqual(["c", "d", "b", "a"]);
  });
});

describe("a criterion's ledger", () => {
  it("opens the console's own page with the office and moment", () => {
    const source = "/api/v1/reporting/ledgers/zero-employment-households?within=441900101002&as_of=2026-06-01T10:00:00%2B08:00";
    expect(ledgerLink(source)).toEqual({
      name: "ledger-zero-households",
      query: { within: COMMUNITY, as_of: "2026-06-01T10:00:00+08:00" },
    });
  });

  it("lists the activities an events metric counts", () => {
    const source = "/api/v1/reporting/work-plans/441900101002/2026/metrics/anti_drug_meetings/activities";
    expect(ledgerLink(source)).toEqual({
      name: "ledger-events",
      query: { office: COMMUNITY, year: "2026", metric: "anti_drug_meetings" },
    });
  });

  it("is left out where the console has no such page", () => {
    expect(ledgerLink("/api/v1/events/figures?within=1")).toBeNull();
    expect(ledgerLink(null)).toBeNull();
  });
});

describe("a campaign in the settings form", () => {
  const drugFree: CampaignView = {
    campaign: "drug_free_community",
    office: DISTRICT,
    name: "无毒社区",
    stages: [],
    min_households: null,
    min_residents: null,
    criteria: [
      { metric: "anti_drug_meetings", comparison: "at_least", threshold: 4, label: "" },
      { metric: "rehab_ledger_completeness", comparison: "at_least", threshold: 0.955, label: "台帐完整" },
    ],
    pass_rate: 0.95,
    grades: ["保无毒", "创无毒"],
    recheck_years: 1,
    version: 3,
  };

  it("types shares as percentages and counts as counts", () => {
    const form = formOf(drugFree);
    expect(form.pass_rate).toBe(95);
    expect(form.criteria.map((c) => c.threshold)).toEqual([4, 95.5]);
  });

  it("sends back exactly what it read", () => {
    const { campaign: _code, office: _office, version: _version, ...defined } = drugFree;
    expect(requestOf(formOf(drugFree))).toEqual(defined);
  });

  it("turns a percentage into a share and back", () => {
    expect(asShare(95)).toBe(0.95);
    expect(asPercent(0.966)).toBe(96.6);
    expect(asShare(asPercent(0.333))).toBe(0.333);
  });

  it("starts a new campaign blank, re-checked every three years", () => {
    expect(requestOf(formOf())).toEqual({
      name: "",
      stages: [],
      min_households: null,
      min_residents: null,
      criteria: [],
      pass_rate: null,
      grades: [],
      recheck_years: 3,
    });
  });
});

describe("a step's form", () => {
  const at = { today: "2026-06-01", year: 2026, stage: "self_check" };

  it("starts on today, the next stage, the notice a week on", () => {
    expect(blank(STEPS.stage, at).text).toEqual({ stage: "self_check", on: "2026-06-01", note: "" });
    expect(blank(STEPS.accept, at).text).toEqual({ on: "2026-06-01", notice_until: "2026-06-08" });
  });

  it("asks for a rectification deadline only when the re-check failed", () => {
    const v = blank(STEPS.recheck, at);
    expect(missing(STEPS.recheck, v, "!")).toEqual({});
    expect(body(STEPS.recheck, v)).toEqual({ on: "2026-06-01", passed: true, score: null, rectify_by: null, note: "" });
    v.flag.passed = false;
    expect(missing(STEPS.recheck, v, "!")).toEqual({ rectify_by: "!" });
    v.text.rectify_by = "2026-09-01";
    expect(body(STEPS.recheck, v)).toEqual({ on: "2026-06-01", passed: false, score: null, rectify_by: "2026-09-01", note: "" });
  });

  it("asks how an inspection was done and its score", () => {
    const v = blank(STEPS.inspect, at);
    expect(missing(STEPS.inspect, v, "!")).toEqual({ methods: "!", score: "!" });
    v.methods = ["site_visit", "forum"];
    v.number.score = 92.5;
    expect(body(STEPS.inspect, v)).toEqual({ on: "2026-06-01", methods: ["site_visit", "forum"], score: 92.5, passed: true, note: "" });
  });

  it("sends a grade's year in the path, not the body", () => {
    const v = blank(STEPS.grade, at);
    v.text.grade = "创无毒";
    expect(body(STEPS.grade, v)).toEqual({ grade: "创无毒" });
    expect(v.number.year).toBe(2026);
  });
});

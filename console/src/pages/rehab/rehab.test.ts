import { describe, expect, it } from "vitest";
import { ACTIONS, blank, body, missing } from "./actions";
import { GROUNDS_OF_KIND, label, usualScopeHoldsCases } from "./api";
import { factLines } from "./facts";

const spec = (key: string) => ACTIONS.find((a) => a.key === key)!;

describe("the rehab pages' forms", () => {
  it("offer each kind only its grounds, in the office's words", () => {
    expect(GROUNDS_OF_KIND.community_recovery).toEqual(["released_from_isolation"]);
    expect(GROUNDS_OF_KIND.agreement_placement).toHaveLength(4);
    expect(label("grounds", "first_time")).toBe("初次查获，有戒除意愿，有固定住所");
    expect(label("grounds", "unknown_ground")).toBe("unknown_ground");
  });

  it("fill dates with today and the team's worker with the reader", () => {
    const team = blank(spec("team"), "staff-rehab");
    expect(team.text).toEqual({ responsible_worker: "staff-rehab", police_officer: "" });
    expect(blank(spec("report"), "x").text.reported_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("name the required fields left empty, and send empty optional ones as null", () => {
    const close = spec("close");
    const values = { text: { outcome: "", closed_on: "2026-01-01", notice_number: " " }, approve: true, helpers: [] };
    expect(missing(close, values, "请填写此项")).toEqual({ outcome: "请填写此项" });
    values.text.outcome = "died";
    expect(body(close, values)).toEqual({ outcome: "died", closed_on: "2026-01-01", notice_number: null });
  });

  it("send a refused leave with its reason and no destination", () => {
    const values = {
      text: { leave_from: "2026-02-01", leave_to: "2026-02-03", destination: "", reason: " 考核期内 " },
      approve: false,
      helpers: [],
    };
    expect(body(spec("leave"), values)).toEqual({
      approve: false,
      leave_from: "2026-02-01",
      leave_to: "2026-02-03",
      destination: "",
      reason: "考核期内",
    });
  });

  it("send the team's helpers who have a name", () => {
    const values = {
      text: { responsible_worker: "staff-rehab", police_officer: "" },
      approve: true,
      helpers: [
        { role: "family", name: " 张三 ", phone: "" },
        { role: "doctor", name: "", phone: "123" },
      ],
    };
    expect(body(spec("team"), values)).toEqual({
      responsible_worker: "staff-rehab",
      police_officer: null,
      helpers: [{ role: "family", name: "张三", phone: null }],
    });
  });
});

describe("a case's history", () => {
  it("shows facts with codes as words, by event", () => {
    expect(factLines("RehabEvaluationRecorded", { kind: "yearly", office: "441900101002", summary: "良好" })).toEqual([
      { key: "kind", label: "类别", value: "年度评估" },
      { key: "summary", label: "评估意见", value: "良好" },
    ]);
    expect(factLines("UrineTestRecorded", { result: "negative", tested_on: "2026-01-02" })[0]!.value).toBe("阴性");
    expect(factLines("RehabTeamAssigned", { helpers: [{ role: "family", name: "李四", phone: null }] })[0]!.value).toBe(
      "家庭成员 李四",
    );
  });
});

describe("who acts on cases", () => {
  it("leaves a district-level officer to break-glass, never a rehab worker", () => {
    expect(usualScopeHoldsCases("441900000000", new Set(["anti_drug_office"]))).toBe(false);
    expect(usualScopeHoldsCases("441900101000", new Set(["police_liaison"]))).toBe(true);
    expect(usualScopeHoldsCases("441900101002", new Set(["rehab_worker"]))).toBe(true);
  });
});

describe("social work on a case", () => {
  it("asks a referral for work for its day and a note for the employment staff", () => {
    const refer = spec("workReferral");
    const values = blank(refer, "x");
    expect(Object.keys(values.text)).toEqual(["referred_on", "note"]);
    expect(missing(refer, values, "请填写此项")).toEqual({ note: "请填写此项" });
    values.text.note = " 想找物业保洁工作 ";
    expect(body(refer, values)).toEqual({ referred_on: values.text.referred_on, note: "想找物业保洁工作" });
  });

  it("shows a case-work note's kind and content in the office's words", () => {
    const lines = factLines("CaseWorkNoteRecorded", { kind: "talk", noted_on: "2026-11-20", content: "个别谈话" });
    expect(lines.map((l) => `${l.label}：${l.value}`)).toEqual(["类别：个别谈话", "记录日期：2026-11-20", "记录内容：个别谈话"]);
  });
});

import { describe, expect, it } from "vitest";
import { ACTIVITY_ACTIONS, blank, body, fieldsOf, NEW_CORNER, NEW_TEAM, problems, REFRESH, sha256Of, TEAM_ACTIONS, VOLUNTEER_ACTIONS } from "./actions";
import { blankPlan, compact, costBodies, type Messages, planBody, planErrors, planFields } from "./plan";

const M: Messages = {
  required: "required",
  tooLong: (max) => `at most ${max}`,
  atLeastOne: "at least 1",
  endsAfterStart: "ends after start",
  tooMany: (max) => `at most ${max} rows`,
};
const ACTION_M = { required: "required", tooLong: M.tooLong, between: (a: number, b: number) => `${a}..${b}`, nobody: "nobody" };
const spec = (key: string) => [...ACTIVITY_ACTIONS, ...VOLUNTEER_ACTIONS, ...TEAM_ACTIONS].find((a) => a.key === key)!;

function familyHarmony() {
  const form = blankPlan("441900101002");
  Object.assign(form, {
    kind: "evening_party",
    title: " 联谊晚会 ",
    held_on: "2026-11-01",
    starts_at: "19:20:00",
    ends_at: "21:20:00",
    place: "张村",
    capacity: 80,
    lead: "李新欣",
    planned_participants: 60,
    project_id: "p-1",
  });
  form.staff = [
    { name: "李新欣", role: "lead" },
    { name: "", role: "" }, // added, never filled in
    { name: " 焦斌 ", role: "publicity" },
  ];
  form.resources = [{ item: "宣传展板", quantity: 4 }];
  form.risks = [{ risk: "秩序混乱和意外", contingency: "安排安全保障措施" }];
  form.costs = [{ item: "矿泉水", yuan: 36.5 }];
  return form;
}

describe("the plan form", () => {
  it("sends the staff in roles, resources, risks and project, rows trimmed and empty ones dropped", () => {
    const form = familyHarmony();
    compact(form);

    expect(planErrors(form, M)).toEqual({});
    expect(planBody(form)).toEqual({
      office: "441900101002",
      kind: "evening_party",
      title: "联谊晚会",
      held_on: "2026-11-01",
      starts_at: "19:20:00",
      ends_at: "21:20:00",
      place: "张村",
      capacity: 80,
      lead: "李新欣",
      planned_participants: 60,
      staff: [
        { name: "李新欣", role: "lead" },
        { name: "焦斌", role: "publicity" },
      ],
      resources: [{ item: "宣传展板", quantity: 4 }],
      risks: [{ risk: "秩序混乱和意外", contingency: "安排安全保障措施" }],
      project_id: "p-1",
    });
  });

  it("sends the costs after the plan, in fen", () => {
    expect(costBodies(familyHarmony())).toEqual([{ item: "矿泉水", amount_fen: 3650 }]);
  });

  it("sends no project, times or capacity as null", () => {
    const form = blankPlan("441900101002");
    const sent = planBody(form);
    expect([sent.project_id, sent.starts_at, sent.ends_at, sent.capacity]).toEqual([null, null, null, null]);
    expect([sent.staff, sent.resources, sent.risks]).toEqual([[], [], []]);
  });

  it("refuses what the API refuses, on the fields the API names", () => {
    const form = familyHarmony();
    form.title = "";
    form.ends_at = "19:00:00";
    form.staff = [{ name: "赵".repeat(51), role: "" }];
    form.resources = [{ item: "横幅", quantity: undefined }];
    form.risks = [{ risk: "经费不足", contingency: " " }];
    form.costs = [{ item: "", yuan: 0 }];
    compact(form);

    expect(planErrors(form, M)).toEqual({
      title: "required",
      ends_at: "ends after start",
      "staff.0.name": "at most 50",
      "staff.0.role": "required",
      "resources.0.quantity": "at least 1",
      "risks.0.contingency": "required",
      "costs.0.item": "required",
      "costs.0.amount_fen": "at least 1",
    });
  });

  it("knows every field a refusal of the plan may name", () => {
    const form = familyHarmony();
    compact(form);
    expect(planFields(planBody(form))).toEqual(
      expect.arrayContaining(["title", "staff", "staff.1.name", "staff.1.role", "resources.0.quantity", "risks.0.contingency"]),
    );
  });
});

describe("the steps after the plan", () => {
  it("send attendance as the persons picked and a head count", () => {
    const values = blank(spec("attendance"), "2026-11-01");
    values.persons = ["p-1", "p-2"];
    values.number.head_count = 40;
    expect(problems(spec("attendance"), values, ACTION_M)).toEqual({});
    expect(body(spec("attendance"), values)).toEqual({ person_ids: ["p-1", "p-2"], head_count: 40 });
  });

  it("refuse attendance with nobody at all", () => {
    const values = blank(spec("attendance"), "2026-11-01");
    expect(problems(spec("attendance"), values, ACTION_M)).toEqual({ head_count: "nobody" });
  });

  it("send a family visit dated today by default, the notes trimmed", () => {
    const values = blank(spec("visit"), "2026-11-09");
    Object.assign(values.text, { household_id: "h-1", notes: " 夫妻关系好转 " });
    values.number.people = 4;
    expect(body(spec("visit"), values)).toEqual({ household_id: "h-1", people: 4, visited_on: "2026-11-09", notes: "夫妻关系好转" });
  });

  it("send an evaluation's scored lines, the seeds' criteria offered, blank lines dropped", () => {
    const values = blank(spec("evaluation"), "2026-11-11");
    expect(values.scores.map((s) => s.criterion)).toEqual(["目标实现程度", "活动价值", "满意度"]);
    Object.assign(values.text, { stage: "summary", evaluator: "residents", comment: "" });
    values.scores = [
      { criterion: "目标实现程度", score: 5 },
      { criterion: "活动价值", score: 4 },
      { criterion: "", score: undefined },
    ];
    expect(problems(spec("evaluation"), values, ACTION_M)).toEqual({});
    expect(body(spec("evaluation"), values)).toEqual({
      stage: "summary",
      evaluator: "residents",
      scores: [
        { criterion: "目标实现程度", score: 5 },
        { criterion: "活动价值", score: 4 },
      ],
      comment: "",
    });
    expect(fieldsOf(spec("evaluation"), values)).toContain("scores.1.score");
  });

  it("refuse a score outside 1 to 5 on its line", () => {
    const values = blank(spec("evaluation"), "2026-11-11");
    Object.assign(values.text, { stage: "stage", evaluator: "leaders" });
    values.scores = [{ criterion: "满意度", score: 6 }];
    expect(problems(spec("evaluation"), values, ACTION_M)).toEqual({ "scores.0.score": "1..5" });
  });

  it("send a cost in fen and a redemption as points", () => {
    const cost = blank(spec("cost"), "2026-11-11");
    cost.text.item = "横幅";
    cost.number.amount_fen = 120;
    expect(body(spec("cost"), cost)).toEqual({ item: "横幅", amount_fen: 12000 });

    const redeem = blank(spec("redeem"), "2026-11-11");
    expect(problems(spec("redeem"), redeem, ACTION_M)).toEqual({ points: "required", redeemed_for: "required" });
    redeem.number.points = 3;
    redeem.text.redeemed_for = "大米";
    expect(body(spec("redeem"), redeem)).toEqual({ points: 3, redeemed_for: "大米" });
  });

  it("send a volunteer's hours for an activity", () => {
    const values = blank(spec("hours"), "2026-11-02");
    values.text.activity_id = "a-1";
    values.number.hours = 2.5;
    expect(body(spec("hours"), values)).toEqual({ activity_id: "a-1", served_on: "2026-11-02", hours: 2.5 });
  });

  it("reference a file by its SHA-256", async () => {
    const sha = await sha256Of(new Blob(["abc"]));
    expect(sha).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });
});

describe("teams and corners", () => {
  it("form a team of the office in view, dated today by default", () => {
    const values = blank(NEW_TEAM, "2026-03-01", "441900101002");
    Object.assign(values.text, { name: " 太极拳队 ", kind: "tai_chi" });
    expect(problems(NEW_TEAM, values, ACTION_M)).toEqual({});
    expect(body(NEW_TEAM, values)).toEqual({ office: "441900101002", name: "太极拳队", kind: "tai_chi", formed_on: "2026-03-01" });
  });

  it("add a member as a person picked, and set up and refresh a corner", () => {
    const join = blank(spec("join"), "2026-03-02");
    expect(problems(spec("join"), join, ACTION_M)).toEqual({ person_id: "required" });
    join.text.person_id = "p-9";
    expect(body(spec("join"), join)).toEqual({ person_id: "p-9", on: "2026-03-02" });

    const corner = blank(NEW_CORNER, "2026-01-05", "441900101002");
    corner.text.place = "社区服务中心门口";
    expect(body(NEW_CORNER, corner)).toEqual({ office: "441900101002", place: "社区服务中心门口", since: "2026-01-05" });
    const refresh = blank(REFRESH, "2026-06-26");
    refresh.text.theme = "6.26国际禁毒日";
    expect(body(REFRESH, refresh)).toEqual({ theme: "6.26国际禁毒日", refreshed_on: "2026-06-26" });
  });
});

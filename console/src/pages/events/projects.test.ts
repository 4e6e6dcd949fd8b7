import { describe, expect, it } from "vitest";
import { eventsRoutes } from "@/router/events";
import { blank, body, PROJECT_ACTIONS, problems } from "./actions";
import { blankProject, compactProject, period, type ProjectMessages, projectBody, projectErrors, projectFields } from "./projects";

const M: ProjectMessages = {
  required: "required",
  tooLong: (max) => `at most ${max}`,
  tooMany: (max) => `at most ${max} lines`,
  endsAfterStart: "ends after start",
};

// Seed 000 篇七's elderly project, as typed in: a line added and left empty, spaces around.
function sunset() {
  const form = blankProject("441900101002");
  Object.assign(form, {
    title: " 夕阳依旧美 ",
    target_groups: ["空巢老人", "", " 独居老人 "],
    objectives: ["丰富老人精神文化生活", "  ", "建立互助网络"],
    method: "小组工作与社区活动相结合",
    starts_on: "2026-03-01",
    ends_on: "2026-12-31",
  });
  return form;
}

describe("the project form", () => {
  it("sends the lists trimmed, empty lines left out", () => {
    const form = sunset();
    compactProject(form);
    expect(projectErrors(form, M)).toEqual({});
    const sent = projectBody(form);
    expect(sent).toEqual({
      office: "441900101002",
      title: "夕阳依旧美",
      target_groups: ["空巢老人", "独居老人"],
      objectives: ["丰富老人精神文化生活", "建立互助网络"],
      method: "小组工作与社区活动相结合",
      starts_on: "2026-03-01",
      ends_on: "2026-12-31",
    });
    expect(projectFields(sent)).toEqual([
      "office",
      "title",
      "target_groups",
      "objectives",
      "method",
      "starts_on",
      "ends_on",
      "target_groups.0",
      "target_groups.1",
      "objectives.0",
      "objectives.1",
    ]);
  });

  it("refuses what the API would: no title, no objective, no dates", () => {
    const form = blankProject("441900101002");
    expect(projectErrors(form, M)).toEqual({
      title: "required",
      objectives: "required",
      starts_on: "required",
      ends_on: "required",
    });
    expect(projectErrors({ ...sunset(), office: "" }, M)).toEqual({ office: "required" });
  });

  it("refuses a period ending before it starts, not one of a single day", () => {
    expect(projectErrors({ ...sunset(), ends_on: "2026-02-28" }, M)).toEqual({ ends_on: "ends after start" });
    expect(projectErrors({ ...sunset(), ends_on: "2026-03-01" }, M)).toEqual({});
  });

  it("says a line too long on the line, as the compacted list numbers it", () => {
    const form = sunset();
    form.objectives = ["", "x".repeat(201)];
    form.method = "y".repeat(2001);
    compactProject(form);
    expect(projectErrors(form, M)).toEqual({ "objectives.0": "at most 200", method: "at most 2000" });
    form.target_groups = Array.from({ length: 51 }, (_, i) => `对象${i}`);
    expect(projectErrors(form, M).target_groups).toBe("at most 50 lines");
  });

  it("writes the period from its first to its last day", () => {
    expect(period("2026-03-01", "2026-12-31", "至")).toBe("2026-03-01 至 2026-12-31");
  });
});

describe("the project's evaluation", () => {
  const evaluate = PROJECT_ACTIONS[0]!;
  const MESSAGES = { required: "required", tooLong: M.tooLong, between: (a: number, b: number) => `${a}..${b}`, nobody: "nobody" };

  it("takes a summary and a score from 1 to 5", () => {
    const values = blank(evaluate, "2026-12-07");
    expect(problems(evaluate, values, MESSAGES)).toEqual({ summary: "required", score: "required" });
    values.text.summary = " 老人参与积极，达到预期目标 ";
    values.number.score = 6;
    expect(problems(evaluate, values, MESSAGES)).toEqual({ score: "1..5" });
    values.number.score = 4;
    expect(problems(evaluate, values, MESSAGES)).toEqual({});
    expect(body(evaluate, values)).toEqual({ summary: "老人参与积极，达到预期目标", score: 4 });
  });

  it("is offered to the activity organiser; the projects are read by every staff member", () => {
    const roles = Object.fromEntries(eventsRoutes.map((r) => [r.name, r.meta?.roles]));
    expect(roles["events-project-new"]).toEqual(["activity_organiser"]);
    expect(roles["events-projects"]).toBe(roles["events-activities"]);
    expect(roles["events-project"]).toBe(roles["events-activities"]);
  });
});

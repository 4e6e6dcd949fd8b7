import { describe, expect, it } from "vitest";
import { facts } from "./replayFacts";

describe("the replayed state's facts", () => {
  it("read a person's file in the office's words", () => {
    const state = { name: "王伟", sex: "male", birth_date: "1980-05-01", residence: "floating", tags: ["student", "party_member"] };

    expect(facts(state).map((f) => [f.label, f.lines])).toEqual([
      ["姓名", ["王伟"]],
      ["性别", ["男"]],
      ["出生日期", ["1980-05-01"]],
      ["户籍类型", ["流动人口"]],
      ["标签", ["学生、党员"]],
    ]);
  });

  it("show an unknown key and an unknown code as they are", () => {
    expect(facts({ shoe_size: 42, sex: "other" }).map((f) => [f.label, f.lines])).toEqual([
      ["shoe_size", ["42"]],
      ["性别", ["other"]],
    ]);
  });

  it("read a nested record as one line per item, leaving out empty fields", () => {
    const state = {
      follow_ups: [{ kind: "home_visit", due_on: "2026-03-01", state: "done", cancel_reason: null }],
      members: { "person-1": "spouse" },
      erased: false,
      birth_date: "0001-01-01",
    };

    expect(facts(state).map((f) => f.lines)).toEqual([
      ["类型：入户走访；应回访日期：2026-03-01；状态：已完成"],
      ["person-1（配偶）"],
      ["否"],
      ["已删除"],
    ]);
  });

  it("are none for a state that is no record", () => {
    expect(facts(null)).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { useCommand } from "./api";

const answer = (status: number, problem: object) => async () => ({
  error: { title: "t", status, ...problem },
  response: new Response(null, { status }),
});

describe("a designation step's refusal", () => {
  it("says a rule the step breaks (409) as the service says it, with no 重新加载", async () => {
    const { run, failure, stale } = useCommand();
    const refused = answer(409, { type: "https://shequ.example/problems/not-eligible", detail: "绿色社区要求不少于 500 户" });
    expect(await run(["on", "note"], refused)).toBeUndefined();
    expect([failure.value, stale.value]).toEqual(["绿色社区要求不少于 500 户", false]);
  });

  it("offers 重新加载 when the designation changed since it was read (412)", async () => {
    const { run, failure, stale } = useCommand();
    await run(["on"], answer(412, { type: "https://shequ.example/problems/stale-if-match" }));
    expect([failure.value, stale.value]).toEqual(["记录已被他人修改，请重新加载后再试", true]);
  });

  it("shows a refusal naming a field on that field alone", async () => {
    const { run, failure, errors } = useCommand();
    const refused = answer(422, { type: "x", errors: [{ field: "body.rectify_by", message: "整改期限须晚于复查日期" }] });
    await run(["on", "rectify_by"], refused);
    expect([errors.value, failure.value]).toEqual([{ rectify_by: "整改期限须晚于复查日期" }, ""]);
  });
});

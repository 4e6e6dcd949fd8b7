import { describe as group, expect, it } from "vitest";
import { describe, fieldErrors, isProblem, type Problem } from "./problem";

const refused: Problem = {
  type: "https://shequ.example/problems/invalid-request",
  title: "请求无效",
  status: 422,
  detail: "以下字段无效：body.name",
  errors: [
    { field: "body.name", message: "必填" },
    { field: "document_number", message: "校验位应为 6" },
    { field: "document_number", message: "a second message" },
  ],
};

group("a problem+json answer", () => {
  it("gives each named field its first message, without FastAPI's location", () => {
    expect(fieldErrors(refused)).toEqual({ name: "必填", document_number: "校验位应为 6" });
    expect(fieldErrors(undefined)).toEqual({});
  });

  it("is told in one line by its detail, else its title, else the fallback", () => {
    expect(describe(refused, "出错了")).toBe("以下字段无效：body.name");
    expect(describe({ ...refused, detail: null }, "出错了")).toBe("请求无效");
    expect(describe(undefined, "出错了")).toBe("出错了");
  });

  it("is told apart from other values", () => {
    expect(isProblem(refused)).toBe(true);
    expect(isProblem(new Error("x"))).toBe(false);
    expect(isProblem(null)).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { ref } from "vue";
import type { Problem } from "@/api/problem";
import { cleared, ifMatch, named, refused } from "./forms";

function refusal() {
  return { errors: ref<Record<string, string>>({}), failure: ref(""), stale: ref(false) };
}

const numberTaken: Problem = {
  type: "https://shequ.example/problems/certificate-number-taken",
  title: "证件编号已被使用",
  status: 422,
  detail: "证件编号已被使用",
  errors: [{ field: "body.number", message: "证件编号已被使用" }],
};

describe("the employment pages' forms", () => {
  it("send back the version read as the ETag it came with", () => {
    expect(ifMatch(7)).toBe('"7"');
  });

  it("show codes in the office's words, and an unknown code as itself", () => {
    expect(named("categories", "long_term_unemployed")).toBe("长期失业人员");
    expect(named("vacancyStates", "open")).toBe("招聘中");
    expect(named("categories", "something_new")).toBe("something_new");
    expect(named("categories", null)).toBe("");
  });

  it("show a refusal on its field, and nothing above the buttons", () => {
    const form = refusal();
    refused(form, numberTaken, 422, { number: "" });
    expect(form.errors.value).toEqual({ number: "证件编号已被使用" });
    expect(form.failure.value).toBe("");
    expect(form.stale.value).toBe(false);
  });

  it("show a refusal naming no field of the form above the buttons", () => {
    const form = refusal();
    refused(form, { ...numberTaken, errors: [] }, 422, { number: "" });
    expect(form.failure.value).toBe("证件编号已被使用");
  });

  it("offer to reload after a stale read (412), and forget it when sent again", () => {
    const form = refusal();
    refused(form, { type: "about:blank", title: "Precondition Failed", status: 412 }, 412, {});
    expect(form.stale.value).toBe(true);
    expect(form.failure.value).toBe("记录已被他人修改，请重新加载后再办理");
    cleared(form);
    expect([form.errors.value, form.failure.value, form.stale.value]).toEqual([{}, "", false]);
  });
});

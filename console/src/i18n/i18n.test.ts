import { describe, expect, it } from "vitest";
import { en } from "./en";
import { language, t, word } from "./index";
import { zhCN } from "./zh-CN";

function keys(value: object, prefix = ""): string[] {
  return Object.entries(value).flatMap(([key, inner]) =>
    typeof inner === "object" ? keys(inner as object, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

describe("the console's texts", () => {
  it("are Chinese by default, with placeholders filled", () => {
    expect(language.value).toBe("zh-CN");
    expect(t("ledger.total", { n: 3 })).toBe("共 3 人");
    expect(t("no.such.key")).toBe("no.such.key");
  });

  it("show codes as words, and an unknown code as itself", () => {
    expect(word("sexes", "female")).toBe("女");
    expect(word("labourStatus", "unemployed")).toBe("失业");
    expect(word("events", "SomethingNew")).toBe("SomethingNew");
    expect(word("sexes", null)).toBe("");
  });

  it("have an English text for every Chinese one", () => {
    expect(keys(en).sort()).toEqual(keys(zhCN).sort());
  });
});

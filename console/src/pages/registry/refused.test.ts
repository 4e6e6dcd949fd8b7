import { describe, expect, it } from "vitest";
import { moveKind } from "./command";
import { parseCsv, reasons, refusedRows } from "@/lib/refused";

describe("the refused rows of an import", () => {
  it("reads quoted cells with commas, quotes and line breaks", () => {
    expect(parseCsv('\uFEFFa,"b,c","say ""hi""\nthere"\r\n1,2,3\r\n')).toEqual([
      ["a", "b,c", 'say "hi"\nthere'],
      ["1", "2", "3"],
    ]);
  });

  it("splits the reasons of a row into field and reason, in Chinese and English", () => {
    expect(reasons("身份证号：校验位不正确；住址：请填写住址")).toEqual([
      { field: "身份证号", reason: "校验位不正确" },
      { field: "住址", reason: "请填写住址" },
    ]);
    expect(reasons("document_number: wrong check digit")).toEqual([
      { field: "document_number", reason: "wrong check digit" },
    ]);
  });

  it("reads the row number, the file's cells and the reasons of each row", () => {
    const csv = "行号,姓名,身份证号,住址,问题\r\n3,王五,110101199003070000,东城路 1 号,身份证号：校验位不正确\r\n";
    expect(refusedRows(csv)).toEqual({
      header: ["姓名", "身份证号", "住址"],
      rows: [
        {
          row: 3,
          cells: ["王五", "110101199003070000", "东城路 1 号"],
          reasons: [{ field: "身份证号", reason: "校验位不正确" }],
        },
      ],
    });
  });
});

describe("how far a move goes", () => {
  it("reads the kind from the two office codes as the registry does", () => {
    expect(moveKind("441900101002", "441900101002")).toBe("within_community");
    expect(moveKind("441900101002", "441900101001")).toBe("to_community");
    expect(moveKind("441900101002", "441900102001")).toBe("to_street");
  });
});

import { describe, expect, it } from "vitest";
import { allowed, childKinds, covers, fitsUnder, levelOf, nextCode, treeOf } from "./offices";

const office = (code: string, parent_code: string | null, status = "open") => ({
  code,
  name: code,
  kind: "community",
  parent_code,
  status,
  version: 1,
});

describe("the office tree's rules", () => {
  it("read the level from the code", () => {
    expect(["441900000000", "441900101000", "441900101002", "441900101002001"].map(levelOf)).toEqual([
      "district",
      "street",
      "community",
      "grid",
    ]);
  });

  it("cover an office's own subtree only", () => {
    expect(covers("441900101000", "441900101002")).toBe(true);
    expect(covers("441900101000", "441900102001")).toBe(false);
    expect(covers("441900101002", "441900101000")).toBe(false);
  });

  it("suggest the first free code beneath a parent, and check a typed one", () => {
    expect(nextCode("441900101000", ["441900101001", "441900101002"])).toBe("441900101003");
    expect(nextCode("441900000000", [])).toBe("441900001000");
    expect(nextCode("441900101002", [])).toBe("441900101002001");
    expect(fitsUnder("441900101000", "441900101003")).toBe(true);
    expect(fitsUnder("441900101000", "441900102003")).toBe(false);
    expect(fitsUnder("441900101000", "441900101000")).toBe(false);
    expect(childKinds("441900000000")).toEqual(["street", "town"]);
  });

  it("build the tree beneath the listed parents", () => {
    const tree = treeOf([office("441900101000", "441900000000"), office("441900101002", "441900101000")]);
    expect(tree.map((n) => [n.code, n.children.map((c) => c.code)])).toEqual([["441900101000", ["441900101002"]]]);
  });

  it("let a street close its communities but not itself", () => {
    expect(allowed("441900101000", office("441900101002", "441900101000"))).toEqual({ open: true, rename: true, close: true });
    expect(allowed("441900101000", office("441900101000", "441900000000"))).toEqual({ open: true, rename: true, close: false });
    expect(allowed("441900101000", office("441900101002", "441900101000", "closed"))).toEqual({
      open: false,
      rename: false,
      close: false,
    });
  });
});

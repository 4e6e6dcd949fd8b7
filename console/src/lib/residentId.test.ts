import { describe, expect, it } from "vitest";
import { checkDigit, residentIdProblem } from "./residentId";

describe("a resident ID number (GB 11643)", () => {
  it("is accepted with the check digit its 17 digits call for", () => {
    expect(residentIdProblem("441900198302140606")).toBeNull();
    expect(checkDigit("11010519491231002")).toBe("X");
    expect(residentIdProblem("11010519491231002x")).toBeNull();
  });

  it("is refused with another check digit", () => {
    expect(residentIdProblem("441900198302140607")).toBe("checksum");
  });

  it("is refused when it is not 17 digits and a check character", () => {
    expect(residentIdProblem("44190019830214060")).toBe("length");
    expect(residentIdProblem("4419001983021406Y6")).toBe("length");
  });
});

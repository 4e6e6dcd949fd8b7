import { describe, expect, it } from "vitest";
import { newPassword } from "./password";

describe("a new password", () => {
  it("is 12 characters that cannot be misread, different each time", () => {
    const made = newPassword();
    expect(made).toMatch(/^[a-km-np-zA-HJ-NP-Z2-9]{12}$/);
    expect(newPassword()).not.toBe(made);
  });
});

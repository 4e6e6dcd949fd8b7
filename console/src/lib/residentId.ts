// The resident ID number (GB 11643-1999): 17 digits and a check digit (0-9 or X),
// checked as it is typed so a mistyped digit shows at once, before the server's check.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const DIGITS = "10X98765432";

/** The check digit the first 17 digits call for. */
export function checkDigit(first17: string): string {
  const sum = WEIGHTS.reduce((acc, w, i) => acc + w * Number(first17[i]), 0);
  return DIGITS[sum % 11]!;
}

/** Why the number is not a resident ID, or null when it is one. */
export function residentIdProblem(value: string): "length" | "checksum" | null {
  const id = value.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return "length";
  return checkDigit(id.slice(0, 17)) === id[17] ? null : "checksum";
}

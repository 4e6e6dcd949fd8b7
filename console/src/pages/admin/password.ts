// A first or reset password made in the browser (crypto.getRandomValues) and shown
// once: letters and digits that cannot be misread when told over the phone (no
// 0/O, 1/l/I), long enough for the registry's minimum of 8.
const ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

export function newPassword(length = 12): string {
  const picks = crypto.getRandomValues(new Uint32Array(length));
  return Array.from(picks, (n) => ALPHABET[n % ALPHABET.length]).join("");
}

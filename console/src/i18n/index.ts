// The reader's language: Chinese by default, English on the header's switch. The
// choice is kept in localStorage and sent to every service as Accept-Language, so
// problem+json messages and exported sheets come in the same language as the pages.
import { computed, ref } from "vue";
import { en } from "./en";
import { type Messages, zhCN } from "./zh-CN";

export type Language = "zh-CN" | "en";
const KEY = "shequ.language";

// (globalThis: unit tests run in Node, which has no localStorage.)
const chosen = globalThis.localStorage?.getItem(KEY);
export const language = ref<Language>(chosen === "en" ? "en" : "zh-CN");

export function setLanguage(next: Language): void {
  language.value = next;
  localStorage.setItem(KEY, next);
  document.documentElement.lang = next;
}

export const messages = computed<Messages>(() => (language.value === "en" ? en : zhCN));

/** The text at a dotted key ("person.name"), with {placeholders} filled. */
export function t(key: string, values: Record<string, string | number> = {}): string {
  let found: unknown = messages.value;
  for (const part of key.split(".")) {
    found = (found as Record<string, unknown> | undefined)?.[part];
  }
  const text = typeof found === "string" ? found : key;
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}

/** A code shown as a word (sex "male" → 男), or the code itself when it has none. */
export function word(group: keyof Messages, code: string | null | undefined): string {
  if (code == null) return "";
  const table = messages.value[group] as Record<string, string>;
  return table[code] ?? code;
}

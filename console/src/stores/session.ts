// The signed-in staff member (Pinia: it outlives every page). A sign-in lasts a
// working day: the access token lives 30 minutes and is traded for a new pair at
// /sign-in/refresh a minute or two before it lapses; each refresh token is good once
// (a second use ends the sign-in), so refreshes are single-flight. Kept in
// localStorage so a reload stays signed in.
import { defineStore } from "pinia";
import { computed, ref } from "vue";
import type { components } from "@/api/registry";

type SignInResponse = components["schemas"]["SignInResponse"];

interface Held {
  token: string;
  refreshToken: string;
  expiresAt: number; // ms since the epoch
  refreshExpiresAt: number;
  staffId: string;
  office: string;
  roles: string[];
}

const KEY = "shequ.session";
const EARLY_MS = 2 * 60 * 1000; // refresh this long before the token lapses

function loaded(): Held | null {
  try {
    const held = JSON.parse(localStorage.getItem(KEY) ?? "null") as Held | null;
    return held && held.refreshExpiresAt > Date.now() ? held : null;
  } catch {
    return null;
  }
}

async function withLock<T>(work: () => Promise<T>): Promise<T> {
  // navigator.locks is in every browser the console supports; without it, go on.
  return navigator.locks ? navigator.locks.request("shequ.refresh", work) : work();
}

export const useSession = defineStore("session", () => {
  const held = ref<Held | null>(loaded());
  let timer: ReturnType<typeof setTimeout> | undefined;
  let refreshing: Promise<boolean> | null = null;

  const signedIn = computed(() => held.value !== null);
  const roles = computed(() => new Set(held.value?.roles ?? []));
  const office = computed(() => held.value?.office ?? "");
  const staffId = computed(() => held.value?.staffId ?? "");

  function hasAny(wanted: readonly string[]): boolean {
    return wanted.some((role) => roles.value.has(role));
  }

  function keep(answer: SignInResponse): void {
    const now = Date.now();
    held.value = {
      token: answer.token,
      refreshToken: answer.refresh_token,
      expiresAt: now + answer.expires_in * 1000,
      refreshExpiresAt: now + answer.refresh_expires_in * 1000,
      staffId: answer.staff_id,
      office: answer.office,
      roles: answer.roles,
    };
    localStorage.setItem(KEY, JSON.stringify(held.value));
    schedule();
  }

  function forget(): void {
    clearTimeout(timer);
    held.value = null;
    localStorage.removeItem(KEY);
  }

  function schedule(): void {
    clearTimeout(timer);
    if (!held.value) return;
    const wait = Math.max(0, held.value.expiresAt - EARLY_MS - Date.now());
    timer = setTimeout(() => void refresh(), wait);
  }

  /**
   * A new pair for the refresh token; false (and signed out) when the day is over.
   *
   * Tabs share one sign-in (localStorage), and a refresh token shown twice ends it,
   * so only one tab refreshes at a time (a Web Lock), and a tab that finds a pair
   * newer than its own, stored by another tab meanwhile, takes that one instead.
   */
  function refresh(): Promise<boolean> {
    refreshing ??= withLock(async () => {
      const stored = loaded();
      if (stored && held.value && stored.expiresAt > held.value.expiresAt) {
        held.value = stored;
        schedule();
        return true;
      }
      const refreshToken = held.value?.refreshToken;
      if (!refreshToken) return false;
      const answer = await fetch("/api/v1/registry/sign-in/refresh", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ refresh_token: refreshToken }),
      }).catch(() => null);
      if (answer?.ok) {
        keep((await answer.json()) as SignInResponse);
        return true;
      }
      // 401: the sign-in ended (10 hours, sign-out, deactivation); a network failure
      // leaves the session be and tries again shortly.
      if (answer === null) {
        timer = setTimeout(() => void refresh(), 10_000);
        return true;
      }
      forget();
      return false;
    }).finally(() => {
      refreshing = null;
    });
    return refreshing;
  }

  // Another tab signed in, refreshed or signed out: follow it.
  window.addEventListener("storage", (event) => {
    if (event.key !== KEY) return;
    held.value = loaded();
    schedule();
  });

  /** The access token to send, refreshed first when it is about to lapse. */
  async function token(): Promise<string | null> {
    if (!held.value) return null;
    if (held.value.expiresAt - Date.now() < EARLY_MS / 2) await refresh();
    return held.value?.token ?? null;
  }

  async function signOut(): Promise<void> {
    const refreshToken = held.value?.refreshToken;
    forget();
    if (refreshToken) {
      await fetch("/api/v1/registry/sign-out", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ refresh_token: refreshToken }),
      }).catch(() => undefined);
    }
  }

  schedule();
  return { held, signedIn, roles, office, staffId, hasAny, keep, forget, refresh, token, signOut };
});

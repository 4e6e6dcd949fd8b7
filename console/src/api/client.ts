// One typed client per service (openapi-fetch over the generated src/api/*.d.ts), all
// on the same origin as the console. Every request carries the access token and the
// reader's language; a 401 means the sign-in is over: back to 登录.
import createClient, { type Middleware } from "openapi-fetch";
import { language } from "@/i18n";
import { useSession } from "@/stores/session";
import type { paths as EmploymentPaths } from "./employment";
import type { paths as MediationPaths } from "./mediation";
import type { paths as EventsPaths } from "./events";
import type { paths as RegistryPaths } from "./registry";
import type { paths as RehabPaths } from "./rehab";
import type { paths as ReportingPaths } from "./reporting";

let onUnauthorised: () => void = () => undefined;

/** Where a 401 sends the reader (set by the router, which knows the 登录 page). */
export function whenUnauthorised(handler: () => void): void {
  onUnauthorised = handler;
}

const auth: Middleware = {
  async onRequest({ request }) {
    const token = await useSession().token();
    if (token) request.headers.set("Authorization", `Bearer ${token}`);
    request.headers.set("Accept-Language", language.value === "en" ? "en" : "zh-CN");
    return request;
  },
  onResponse({ response }) {
    if (response.status === 401) {
      useSession().forget();
      onUnauthorised();
    }
    return response;
  },
};

function client<Paths extends {}>() {
  const made = createClient<Paths>({ baseUrl: "" });
  made.use(auth);
  return made;
}

export const registry = client<RegistryPaths>();
export const employment = client<EmploymentPaths>();
export const reporting = client<ReportingPaths>();
export const rehab = client<RehabPaths>();
export const mediation = client<MediationPaths>();
export const events = client<EventsPaths>();

/** A new Idempotency-Key: a retry of the same submission sends the same one. */
export function newKey(): string {
  return crypto.randomUUID();
}

/**
 * Download a file the API makes (an Excel ledger): fetched with the token, since a
 * plain link would carry none, then saved under the server's file name.
 */
export async function download(url: string, fallbackName: string): Promise<string> {
  const token = await useSession().token();
  const answer = await fetch(url, {
    headers: {
      Authorization: `Bearer ${token ?? ""}`,
      "Accept-Language": language.value === "en" ? "en" : "zh-CN",
    },
  });
  if (answer.status === 401) {
    useSession().forget();
    onUnauthorised();
  }
  if (!answer.ok) throw await answer.json().catch(() => new Error(answer.statusText));
  return saveFile(await answer.blob(), answer.headers.get("Content-Disposition"), fallbackName);
}

/** Save a file the API answered under the name its Content-Disposition gives. */
export function saveFile(file: Blob, disposition: string | null, fallbackName: string): string {
  const name = fileName(disposition) ?? fallbackName;
  const link = document.createElement("a");
  link.href = URL.createObjectURL(file);
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  return name;
}

function fileName(disposition: string | null): string | null {
  const encoded = disposition?.match(/filename\*=UTF-8''([^;]+)/i)?.[1];
  if (encoded) return decodeURIComponent(encoded);
  return disposition?.match(/filename="?([^";]+)"?/i)?.[1] ?? null;
}

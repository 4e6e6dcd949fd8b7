// A reporting export fetched with the token (a plain link would carry none), read a
// chunk at a time so the page can show how much has come, then saved under the
// server's file name. A refusal (problem+json) is thrown as it came.
import { ElMessage } from "element-plus";
import { describe, isProblem } from "@/api/problem";
import { language, t } from "@/i18n";
import { useSession } from "@/stores/session";
import { fileName } from "./reports";

export interface Progress {
  received: number;
  total: number | null; // from Content-Length, when the server says
}

export async function downloadWithProgress(
  url: string,
  fallbackName: string,
  onProgress: (progress: Progress) => void,
): Promise<string> {
  const session = useSession();
  const answer = await fetch(url, {
    headers: {
      Authorization: `Bearer ${(await session.token()) ?? ""}`,
      "Accept-Language": language.value === "en" ? "en" : "zh-CN",
    },
  });
  if (answer.status === 401) {
    // The sign-in is over (as every request's 401): back to 登录, this page next.
    session.forget();
    window.location.assign(`/login?expired=1&next=${encodeURIComponent(window.location.pathname)}`);
  }
  if (!answer.ok) throw await answer.json().catch(() => new Error(answer.statusText));
  const length = Number(answer.headers.get("Content-Length"));
  const total = Number.isFinite(length) && length > 0 ? length : null;
  const chunks: BlobPart[] = [];
  let received = 0;
  onProgress({ received, total });
  const reader = answer.body?.getReader();
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value.slice()); // its own ArrayBuffer, as a Blob takes
    received += value.length;
    onProgress({ received, total });
  }
  const name = fileName(answer.headers.get("Content-Disposition")) ?? fallbackName;
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob(chunks, { type: answer.headers.get("Content-Type") ?? undefined }));
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  return name;
}

/**
 * A ledger export saved, then said in a message: its file name, or the refusal as the
 * problem tells it (a generic error otherwise). Never throws.
 */
export async function exportLedgers(url: string, fallbackName: string): Promise<void> {
  try {
    const name = await downloadWithProgress(url, fallbackName, () => undefined);
    ElMessage.success(`${t("reportingPages.common.exported")}：${name}`);
  } catch (error) {
    const fallback = t("reportingPages.common.error");
    ElMessage.error(isProblem(error) ? describe(error, fallback) : fallback);
  }
}

// An import job followed from its page (导入进度), the same for every service's ledger
// import: the job read every second while it runs (its id kept in the address as
// ?job=, so a reload follows the same job), then its refused rows read from the
// service's CSV download of them; the download of those rows as CSV or Excel; and
// "import another", which clears it all. `base` is the service's path
// (/api/v1/registry); `read` asks the service for the job, through its typed client.
import { onBeforeUnmount, onMounted, ref } from "vue";
import { useRoute, useRouter } from "vue-router";
import { download } from "@/api/client";
import { describe, type Problem } from "@/api/problem";
import { t } from "@/i18n";
import { type RefusedRow, refusedRows } from "@/lib/refused";

/** A job as every service's ``GET …/imports/{job_id}`` answers it. */
export interface ImportJob {
  job_id: string;
  status: string;
  file_name: string;
  total: number;
  read: number;
  added: number;
  already_registered: number;
  refused: number;
  failure?: string | null;
}

export interface JobReader<J extends ImportJob> {
  read(jobId: string): Promise<{ data?: J; error?: unknown }>;
  refused(jobId: string): Promise<{ data?: unknown }>;
}

export function useImportJob<J extends ImportJob>(base: string, reader: JobReader<J>) {
  const route = useRoute();
  const router = useRouter();
  const job = ref<J>();
  const refused = ref<RefusedRow[]>([]);
  const failure = ref("");
  let timer: ReturnType<typeof setTimeout> | undefined;

  async function follow(jobId: string): Promise<void> {
    const { data, error } = await reader.read(jobId);
    if (!data) {
      failure.value = describe(error as Problem | undefined, t("common.error"));
      return;
    }
    job.value = data;
    if (data.status === "running") {
      timer = setTimeout(() => void follow(jobId), 1000);
      return;
    }
    if (data.refused > 0) {
      const { data: csv } = await reader.refused(jobId);
      if (typeof csv === "string") refused.value = refusedRows(csv).rows;
    }
  }

  /** The job just accepted: its id into the address, then followed. */
  async function started(jobId: string): Promise<void> {
    await router.replace({ query: { job: jobId } });
    await follow(jobId);
  }

  function save(format: "csv" | "xlsx"): void {
    if (!job.value) return;
    const id = encodeURIComponent(job.value.job_id);
    void download(`${base}/imports/${id}/refused?format=${format}`, `refused-${id}.${format}`);
  }

  function again(): void {
    clearTimeout(timer);
    job.value = undefined;
    refused.value = [];
    void router.replace({ query: {} });
  }

  onMounted(async () => {
    if (typeof route.query.job === "string") await follow(route.query.job);
  });
  onBeforeUnmount(() => clearTimeout(timer));

  return { job, refused, failure, started, save, again };
}

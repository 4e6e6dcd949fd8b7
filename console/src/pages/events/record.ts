// One record's page (an activity, a volunteer, a team; its id the route's): read it,
// say when there is no such record, offer the organiser its actions, open an action's
// dialog, and after a step say what was recorded and read the record again (its new
// version is sent next).
import { ElMessage } from "element-plus";
import { computed, onMounted, ref, shallowRef } from "vue";
import { useRoute } from "vue-router";
import { ACCESS } from "@/access";
import { t } from "@/i18n";
import { useSession } from "@/stores/session";
import type { ActionSpec } from "./actions";

export function useRecordPage<T>(read: (id: string) => Promise<{ data?: T }>) {
  const route = useRoute();
  const session = useSession();
  const mayAct = computed(() => session.hasAny(ACCESS.writeEvents));
  const view = shallowRef<T>();
  const missing = ref(false);
  const loading = ref(false);
  const acting = ref<ActionSpec>();
  const dialog = ref(false);

  async function load(): Promise<void> {
    loading.value = true;
    const { data } = await read(String(route.params.id));
    view.value = data;
    missing.value = data === undefined;
    loading.value = false;
  }

  function act(spec: ActionSpec): void {
    acting.value = spec;
    dialog.value = true;
  }

  async function done(what: string): Promise<void> {
    ElMessage.success(t("eventsPages.activity.done", { what }));
    await load();
  }

  onMounted(load);
  return { view, missing, loading, mayAct, acting, dialog, load, act, done };
}

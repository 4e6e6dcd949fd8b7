// The service project's form (新建项目) and what it sends: events POST projects with the
// target groups and objectives as lists, the method and the period. The checks mirror
// the API's request model (api/projects.py ProjectRequest) and the decider's rules
// (domain/project.py: an objective at least, the period not ending before it starts);
// the service still decides, and its refusal comes back on the field it names
// ("objectives", "ends_on", "target_groups.0" …).
import type { components } from "@/api/events";

export type ProjectRequest = components["schemas"]["ProjectRequest"];

/** The limits the API sets (max lengths, list lengths). */
export const PROJECT_LIMITS = { text: 200, method: 2000, rows: 50 } as const;

export interface ProjectForm {
  office: string;
  title: string;
  target_groups: string[];
  objectives: string[];
  method: string;
  starts_on: string;
  ends_on: string;
}

/** A fresh form: one empty line for a target group and for an objective. */
export function blankProject(office: string): ProjectForm {
  return { office, title: "", target_groups: [""], objectives: [""], method: "", starts_on: "", ends_on: "" };
}

export interface ProjectMessages {
  required: string;
  tooLong: (max: number) => string;
  tooMany: (max: number) => string;
  endsAfterStart: string;
}

// A line left empty is dropped, not refused: a line added and not filled in.
const filled = (lines: readonly string[]): string[] => lines.map((l) => l.trim()).filter((l) => l !== "");

/** The form without its empty lines: the lines' places are then those sent. */
export function compactProject(form: ProjectForm): void {
  form.target_groups = filled(form.target_groups);
  form.objectives = filled(form.objectives);
}

/** The refusals the API would give, by field as it names them ("objectives.0"). */
export function projectErrors(form: ProjectForm, m: ProjectMessages): Record<string, string> {
  const found: Record<string, string> = {};
  if (form.office === "") found.office = m.required;
  const title = form.title.trim();
  if (title === "") found.title = m.required;
  else if (title.length > PROJECT_LIMITS.text) found.title = m.tooLong(PROJECT_LIMITS.text);
  for (const list of ["target_groups", "objectives"] as const) {
    const lines = filled(form[list]);
    lines.forEach((line, i) => {
      if (line.length > PROJECT_LIMITS.text) found[`${list}.${i}`] = m.tooLong(PROJECT_LIMITS.text);
    });
    if (lines.length > PROJECT_LIMITS.rows) found[list] = m.tooMany(PROJECT_LIMITS.rows);
  }
  if (filled(form.objectives).length === 0) found.objectives = m.required;
  if (form.method.trim().length > PROJECT_LIMITS.method) found.method = m.tooLong(PROJECT_LIMITS.method);
  if (form.starts_on === "") found.starts_on = m.required;
  if (form.ends_on === "") found.ends_on = m.required;
  else if (form.starts_on !== "" && form.ends_on < form.starts_on) found.ends_on = m.endsAfterStart;
  return found;
}

/** The project as POST projects takes it: text trimmed, empty lines left out. */
export function projectBody(form: ProjectForm): ProjectRequest {
  return {
    office: form.office,
    title: form.title.trim(),
    target_groups: filled(form.target_groups),
    objectives: filled(form.objectives),
    method: form.method.trim(),
    starts_on: form.starts_on,
    ends_on: form.ends_on,
  };
}

/** Every field a refusal of ``body`` may name: its keys and each line. */
export function projectFields(body: ProjectRequest): string[] {
  const lines = (list: "target_groups" | "objectives") => (body[list] ?? []).map((_, i) => `${list}.${i}`);
  return [...Object.keys(body), ...lines("target_groups"), ...lines("objectives")];
}

/** A project's period as the office writes it: 2026-03-01 至 2026-12-31. */
export function period(startsOn: string, endsOn: string, to: string): string {
  return `${startsOn} ${to} ${endsOn}`;
}

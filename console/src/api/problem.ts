// RFC 9457 problem+json as every service answers a refusal; errors[].field names the
// input at fault ("document_number", or "body.name" / "query.q" from FastAPI's own
// validation), so a form can show the message on that field.
export interface FieldError {
  field: string;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string | null;
  errors?: FieldError[];
}

export function isProblem(value: unknown): value is Problem {
  return typeof value === "object" && value !== null && "status" in value && "title" in value;
}

/** ``{field: message}`` from a problem, field names without "body." / "query.". */
export function fieldErrors(problem: Problem | undefined): Record<string, string> {
  const found: Record<string, string> = {};
  for (const error of problem?.errors ?? []) {
    const field = error.field.replace(/^(body|query|path|header)\./, "");
    found[field] ??= error.message;
  }
  return found;
}

/** One line for a message box: the detail, else the title. */
export function describe(problem: Problem | undefined, fallback: string): string {
  return problem?.detail || problem?.title || fallback;
}

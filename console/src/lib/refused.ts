// The rows an import refused, read from a service's download of them (imports/
// {id}/refused, CSV in the reader's language): the row number first, the file's own
// cells, the reasons last as "字段：原因；字段：原因" ("field: reason; …" in English).

export interface RefusedReason {
  field: string;
  reason: string;
}

export interface RefusedRow {
  row: number;
  cells: string[];
  reasons: RefusedReason[];
}

/** RFC 4180 CSV: quoted cells may hold commas, quotes ("") and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  const body = text.replace(/^\uFEFF/, "");
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && body[i + 1] === "\n") i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else cell += c;
  }
  if (cell !== "" || row.length > 0) rows.push([...row, cell]);
  return rows;
}

/** One reason per "field：reason" (or "field: reason") of the last cell. */
export function reasons(said: string): RefusedReason[] {
  return said
    .split(/；|; /)
    .filter((part) => part.trim() !== "")
    .map((part) => {
      const at = part.search(/：|: /);
      if (at < 0) return { field: "", reason: part.trim() };
      const mark = part[at] === "：" ? 1 : 2;
      return { field: part.slice(0, at).trim(), reason: part.slice(at + mark).trim() };
    });
}

/** The refused rows of the CSV (its first line is the header). */
export function refusedRows(csv: string): { header: string[]; rows: RefusedRow[] } {
  const [header = [], ...lines] = parseCsv(csv).filter((r) => r.some((c) => c !== ""));
  const rows = lines.map((cells) => ({
    row: Number(cells[0]),
    cells: cells.slice(1, -1),
    reasons: reasons(cells.at(-1) ?? ""),
  }));
  return { header: header.slice(1, -1), rows };
}

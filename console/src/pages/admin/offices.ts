// The office tree's rules as the registry keeps them (libs/access OfficeCode, registry
// domain/office.py), so 机构管理 offers only what the registry would accept: the code
// names the hierarchy (6 digits the district, 3 the street or town, 3 the community
// or village, 3 more a grid), each level has its kinds, and an office is written by
// the staff of its subtree while closing it takes the level above.

export type Level = "district" | "street" | "community" | "grid";

export interface OfficeLike {
  code: string;
  name: string;
  kind: string;
  parent_code: string | null;
  status: string;
  version: number;
}

export interface OfficeNode extends OfficeLike {
  children: OfficeNode[];
}

const WIDTHS = [6, 3, 3, 3];
const LEVELS: Level[] = ["district", "street", "community", "grid"];

/** The code's parts, by the widths of the levels. */
function parts(code: string): string[] {
  const found: string[] = [];
  let start = 0;
  for (const width of WIDTHS) {
    if (start < code.length) found.push(code.slice(start, start + width));
    start += width;
  }
  return found;
}

export function levelOf(code: string): Level {
  const significant = parts(code).filter((part) => /[1-9]/.test(part)).length;
  return LEVELS[Math.max(0, significant - 1)]!;
}

/** Every code in the office's subtree starts with this. */
export function prefixOf(code: string): string {
  const depth = LEVELS.indexOf(levelOf(code)) + 1;
  return code.slice(0, WIDTHS.slice(0, depth).reduce((a, b) => a + b, 0));
}

/** Whether ``other`` is ``office`` or lies beneath it. */
export function covers(office: string, other: string): boolean {
  return office !== "" && prefixOf(other).startsWith(prefixOf(office));
}

/** The kinds an office beneath one of ``parentCode``'s level may be; none under a grid. */
export function childKinds(parentCode: string): string[] {
  return { district: ["street", "town"], street: ["community", "village"], community: ["grid"], grid: [] }[
    levelOf(parentCode)
  ];
}

/** The first free code beneath ``parentCode`` among ``taken``: what 新设下级 suggests. */
export function nextCode(parentCode: string, taken: Iterable<string>): string {
  const prefix = prefixOf(parentCode);
  const length = levelOf(parentCode) === "community" ? 15 : 12;
  const used = new Set(taken);
  for (let n = 1; n < 1000; n++) {
    const code = (prefix + String(n).padStart(3, "0")).padEnd(length, "0");
    if (!used.has(code)) return code;
  }
  return prefix.padEnd(length, "0");
}

/** Whether ``code`` may name an office beneath ``parentCode`` (the registry checks again). */
export function fitsUnder(parentCode: string, code: string): boolean {
  const prefix = prefixOf(parentCode);
  const length = levelOf(parentCode) === "community" ? 15 : 12;
  return (
    code.length === length &&
    /^\d+$/.test(code) &&
    code.startsWith(prefix) &&
    /[1-9]/.test(code.slice(prefix.length, prefix.length + 3)) &&
    /^0*$/.test(code.slice(prefix.length + 3))
  );
}

/** The offices as a tree: each beneath its parent, a root where the parent is not listed. */
export function treeOf<T extends OfficeLike>(rows: T[]): OfficeNode[] {
  const nodes = new Map(rows.map((row) => [row.code, { ...row, children: [] as OfficeNode[] }]));
  const roots: OfficeNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parent_code ? nodes.get(node.parent_code) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

/** What the signed-in staff member of ``own`` may do to an office (by the registry's rules). */
export function allowed(own: string, office: OfficeLike): { open: boolean; rename: boolean; close: boolean } {
  const live = office.status === "open";
  return {
    open: live && covers(own, office.code) && childKinds(office.code).length > 0,
    rename: live && covers(own, office.code),
    close: live && office.parent_code !== null && covers(own, office.parent_code),
  };
}

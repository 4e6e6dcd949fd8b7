// The columns of a RowsEditor: what each cell holds, its label, its limits.
export type Cell = string | number | undefined;

export interface Column {
  name: string;
  kind: "text" | "number" | "select" | "money";
  label: string;
  error?: string; // the field's name in the API, where it differs (money: amount_fen)
  max?: number; // a text's length, a number's largest
  min?: number;
  options?: readonly { value: string; label: string }[];
  width: number;
}

// The texts of the registryPages pages (Chinese first; en mirrors its keys). Kept in a file of
// their own so each area's pages and texts change together.
export const zh = {
  title: "",
};

export const en: typeof zh = {
  title: "",
};

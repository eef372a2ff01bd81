// The character rules of OCI identifiers, apart from the schemas so code without zod (the import parser's worker
// threads) can use them.

export const SKU_PATTERN = /^[^\\<>;%/\s]*$/;
/**
 * SKUs in impex files: the impex description (and its field tables) also forbid ':', which the RAML types allow;
 * [decision] import lines follow the description, the availability API its RAML pattern.
 */
export const IMPORT_SKU_PATTERN = /^[^:\\<>;%/\s]*$/;
export const PLACE_PATTERN = /^[a-zA-Z0-9_-]*$/;

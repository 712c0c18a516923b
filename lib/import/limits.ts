/** Size limits of the CSV import, checked in the browser first and again by the upload route. */
export const MAX_IMPORT_BYTES = 100 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 1_000_000;
/** The first line of an upload body: mapping, options, encoding and file name as JSON. */
export const MAX_IMPORT_META_BYTES = 4 * 1024 * 1024;

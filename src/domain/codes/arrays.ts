// Array appends for hot loops. The PDF reader (pdfjs-dist legacy build) bundles a core-js polyfill
// that replaces Array.prototype.push process-wide with a JavaScript function (it sets `length`
// through a generic path on every call); in a process that has loaded it, a push costs several
// times an indexed store. Extraction and segmentation run in that process, so they append by index.

/** `list.push(item)` without calling Array.prototype.push. */
export function append<T>(list: T[], item: T): void {
  list[list.length] = item;
}

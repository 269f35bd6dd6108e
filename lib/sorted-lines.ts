/**
 * Membership in a sorted, newline-separated list without splitting it: a digest's coverage of
 * a month can hold 90,000 ids, and splitting every such row for each listing costs more than
 * looking up the page's 2,000 ids in it (npm run bench).
 */
export function sortedLinesHas(list: string, key: string): boolean {
  let lo = 0;
  let hi = list.length; // search for a line start in [lo, hi)
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    // The line that holds `mid`.
    const start = list.lastIndexOf('\n', mid - 1) + 1;
    let end = list.indexOf('\n', start);
    if (end < 0) end = list.length;
    const line = list.slice(start, end);
    if (line === key) return true;
    if (line < key) lo = end + 1;
    else hi = start;
  }
  return false;
}

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

/**
 * A sorted list of ids asked about many times (a listing page's 2,000 papers against each
 * digest's coverage of their month). When every line is a new-style id of one month
 * (`2409.NNNNN`), the numbers become a bitset at the first question: each question is then
 * one bit, where a search of the list costs ~5 µs, for each digest that covers the month
 * (npm run bench: listing). Other lists (old-style ids) are searched.
 */
export class SortedIds {
  /** Built at the first question; null when the list is not one month of new-style ids. */
  private bits: Uint8Array | null | undefined;
  /** `2409.`: what every id of the bitset starts with; and their length (9 or 10). */
  private prefix = '';
  private width = 0;

  constructor(private readonly list: string) {}

  /**
   * The ids of one month (`prefix` `2409.`, ids `width` long) from the bitset of their numbers,
   * base64 (monthBitsOf): what a coverage answer sends instead of ~20,000 ids.
   */
  static fromBits(prefix: string, width: number, base64: string): SortedIds {
    const ids = new SortedIds('');
    const bin = atob(base64);
    const bits = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bits[i] = bin.charCodeAt(i);
    ids.bits = bits;
    ids.prefix = prefix;
    ids.width = width;
    return ids;
  }

  has(id: string): boolean {
    if (this.bits === undefined) {
      const end = this.list.indexOf('\n');
      this.width = end < 0 ? this.list.length : end;
      this.prefix = this.list.indexOf('.') === 4 ? this.list.slice(0, 5) : '';
      this.bits = this.prefix ? monthBits(this.list, this.prefix, this.width) : null;
    }
    if (!this.bits) return sortedLinesHas(this.list, id);
    if (id.length !== this.width || !id.startsWith(this.prefix)) return false;
    let n = 0;
    for (let i = 5; i < id.length; i++) {
      const c = id.charCodeAt(i) - 48;
      if (c < 0 || c > 9) return false;
      n = n * 10 + c;
    }
    return (this.bits[n >> 3] & (1 << (n & 7))) !== 0;
  }
}

/**
 * A sorted list of one month's new-style ids (`2409.NNNNN`, all one width) as the bitset of
 * their numbers in base64, up to its last set byte; null for any other list (old-style ids).
 */
export function monthBitsOf(list: string): { prefix: string; width: number; base64: string } | null {
  if (!list) return null;
  const end = list.indexOf('\n');
  const width = end < 0 ? list.length : end;
  const prefix = list.indexOf('.') === 4 ? list.slice(0, 5) : '';
  const bits = prefix ? monthBits(list, prefix, width) : null;
  return bits ? { prefix, width, base64: packBits(bits) } : null;
}

/**
 * The union of several lists of one month's ids (`2409`), as monthBitsOf packs one: a bit for
 * every id any of them holds. Null when a list holds an id of another kind or length (it could
 * not be told from the bits).
 */
export function unionMonthBitsOf(lists: readonly string[], month: string): { width: number; base64: string } | null {
  const prefix = `${month}.`;
  const width = Number(month) >= 1501 ? 10 : 9;
  const bits = new Uint8Array(100_000 / 8);
  for (const list of lists) if (list && !monthBits(list, prefix, width, bits)) return null;
  return { width, base64: packBits(bits) };
}

/** Bytes as base64, without the zero bytes at the end (a bit past the string's end is not set). */
function packBits(bits: Uint8Array): string {
  let last = bits.length;
  while (last > 0 && bits[last - 1] === 0) last--;
  let bin = '';
  for (let i = 0; i < last; i += 4096) bin += String.fromCharCode(...bits.subarray(i, Math.min(last, i + 4096)));
  return btoa(bin);
}

/** The numbers of `2409.NNNNN` lines (all `width` long) as bits; null when a line is anything else. */
function monthBits(list: string, prefix: string, width: number, bits = new Uint8Array(100_000 / 8)): Uint8Array | null {
  if (width !== 9 && width !== 10) return null;
  let start = 0;
  while (start < list.length) {
    let end = list.indexOf('\n', start);
    if (end < 0) end = list.length;
    if (end - start !== width || !list.startsWith(prefix, start)) return null;
    let n = 0;
    for (let i = start + 5; i < end; i++) {
      const c = list.charCodeAt(i) - 48;
      if (c < 0 || c > 9) return null;
      n = n * 10 + c;
    }
    bits[n >> 3] |= 1 << (n & 7);
    start = end + 1;
  }
  return bits;
}

/**
 * The search index: which blocks (storage/blocks.ts) hold a pair of characters, per digest.
 * Pure: shared by the cache, the schema's upgrade and the tests.
 *
 * Why pairs of characters, over folded text (lib/zh-fold.ts): search matches substrings, in
 * Chinese (no spaces to cut words at) as in English, and a substring of two characters or more
 * can only be in an entry that holds all of its pairs. The index narrows 120,000 entries to the
 * few blocks that hold every pair of the query; those blocks are read and their entries checked
 * against the query itself, so the answer is exactly what reading everything would give.
 * Intl.Segmenter's words would have been smaller, but it segments ~0.5 M characters a second
 * here (a 10,000-entry import would spend 7 s on it), and a query is not always cut like the text.
 *
 * Why blocks, not entries: a block is what is read anyway, a block holds up to 100 entries, so
 * the lists are up to 100 times shorter, and a block is what an import, a merge or a removal
 * rewrites, so the index follows the same unit.
 *
 * Layout: a digest's blocks are numbered in the order they were first written, and cut into
 * segments of neighbouring numbers of up to SEGMENT_ENTRIES entries. Per segment, SEARCH_BUCKETS
 * rows (`bucket` = segment × SEARCH_BUCKETS + the bucket), each the pairs whose code falls in
 * the bucket, as sorted codes with, for each, the numbers of the segment's blocks holding it;
 * and one row per digest (NAMES_BUCKET) with the block names by number, their sizes and where
 * each segment starts. A write rewrites only the segments of the blocks it wrote (a daily merge
 * into a year of papers: the newest segment, not the whole digest's index); a query reads, per
 * digest, one row per segment for each bucket its pairs fall in. Codes: a pair's two UTF-16
 * units folded into 29 bits (see TITLE); the same plus 2^29 when the pair is in a title (titles
 * rank first). Typed arrays: IndexedDB stores them as bytes.
 *
 * Building is one pass over the text's char codes through one open-addressing table of codes
 * (typed arrays, no folded strings, no Map of lists): a 10,000-entry import spent ~120 ms on a
 * Map of arrays fed from folded strings, ~45 ms this way (Node, the benchmark's entries; 390 and
 * 135 ms for 10,000 of the daily feed's real papers).
 */
import { foldText, foldUnits } from '../lib/zh-fold';
import type { BlockRow } from './blocks';

export const SEARCH_BUCKETS = 64;
/** The row of a digest's block names. */
export const NAMES_BUCKET = -1;
/**
 * Entries per segment: a daily merge rewrites one segment's rows, a query reads one row per
 * segment and bucket. 5,000 entries: a 10,000-entry import is two segments, 120,000 entries
 * ~24; a merge's segment is ~1/20 of a year's digest.
 */
export const SEGMENT_ENTRIES = 5000;
/**
 * Codes fit V8's small integers (a 10,000-entry import spent ~0.4 s on codes that did not): a
 * pair's two UTF-16 units folded into 29 bits (two pairs sharing a code only add a candidate
 * block, which the check of its entries drops), plus 2^29 for a title's pair.
 */
const TITLE = 2 ** 29;
const PRIME = 536_870_909;

export interface SearchRow {
  sourceId: number;
  /** segment × SEARCH_BUCKETS + 0 … SEARCH_BUCKETS - 1, or NAMES_BUCKET. */
  bucket: number;
  /** Sorted pair codes (bucket rows). */
  codes?: Uint32Array;
  /**
   * Code i's blocks are blocks[starts[i] … starts[i + 1]): their numbers, or, where `dense[i]`,
   * a bitset of the segment's blocks from `base` on (smaller once a pair is in more than one
   * block in 32: the common pairs of Chinese, 模型 or 我们, are in nearly every block).
   */
  starts?: Uint32Array;
  blocks?: Uint32Array;
  dense?: Uint8Array;
  /** The first block number of the row's segment (0 when absent). */
  base?: number;
  /** Block names by number (the NAMES_BUCKET row); a removed block leaves an empty name. */
  names?: string[];
  /** Entries per block by number (NAMES_BUCKET row; absent in an index written before segments). */
  sizes?: Uint16Array;
  /** The first block number of each segment (NAMES_BUCKET row; absent: one segment of all). */
  segments?: Uint32Array;
}

/** Letters and digits (Latin, CJK, kana, hangul): what a pair is made of. */
function isWordUnit(c: number): boolean {
  if (c < 0x80) return (c >= 48 && c <= 57) || (c >= 97 && c <= 122);
  return (c >= 0xc0 && c <= 0x24f) || (c >= 0x370 && c <= 0x52f) || (c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x9fff) || (c >= 0xac00 && c <= 0xd7af) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xd800 && c <= 0xdfff);
}

/** For each UTF-16 unit of lower-cased text: its folded unit when that is a word unit, else 0. */
let wordUnits: Uint16Array | undefined;
function unitTable(): Uint16Array {
  if (wordUnits) return wordUnits;
  const fold = foldUnits();
  wordUnits = new Uint16Array(65536);
  for (let c = 1; c < 65536; c++) {
    const f = fold[c] || c;
    if (isWordUnit(f)) wordUnits[c] = f;
  }
  return wordUnits;
}

/** (prev × 65536 + c) mod PRIME, in small integers: 2^29 ≡ 3, so the 3 bits above 29 fold back tripled. */
function codeOf(prev: number, c: number): number {
  const r = (((prev & 0x1fff) << 16) | c) + 3 * (prev >>> 13);
  return r >= PRIME ? r - PRIME : r;
}

/** The pair codes of folded text, added to `into` (`plus` added to each). */
export function pairCodes(folded: string, into: Set<number>, plus = 0): Set<number> {
  let prev = -1;
  for (let i = 0; i < folded.length; i++) {
    const c = folded.charCodeAt(i);
    if (!isWordUnit(c)) {
      prev = -1;
      continue;
    }
    if (prev >= 0) into.add(codeOf(prev, c) + plus);
    prev = c;
  }
  return into;
}

export const bucketOf = (code: number): number => (code >= TITLE ? code - TITLE : code) % SEARCH_BUCKETS;

/** What an entry is searched in, folded: the title (titles rank first) and all of it. */
export function searchFields(id: string, titleEn: string, titleZh: string, summary: string): { title: string; all: string } {
  const title = foldText(`${titleEn}\n${titleZh}`);
  return { title, all: `${id.toLowerCase()}\n${title}\n${foldText(summary)}` };
}

function hash(code: number): number {
  const h = Math.imul(code, 0x9e3779b1);
  return (h ^ (h >>> 15)) >>> 0;
}

/**
 * Postings being built: an open-addressing table of codes (keys + 1, 0 free), for each the last
 * block added (so that a block adds a code once), and the (code slot, block) pairs in order.
 */
class Postings {
  private mask: number;
  keys: Int32Array;
  private last: Int32Array;
  size = 0;
  slots = new Int32Array(1 << 14);
  nos = new Int32Array(1 << 14);
  n = 0;
  constructor(expected = 1 << 12) {
    let cap = 1 << 12;
    while (cap < expected * 2) cap <<= 1;
    this.mask = cap - 1;
    this.keys = new Int32Array(cap);
    this.last = new Int32Array(cap);
  }

  add(code: number, no: number): void {
    const key = code + 1;
    let h = hash(code);
    let s = h & this.mask;
    for (;;) {
      const k = this.keys[s];
      if (k === key) break;
      if (k === 0) {
        this.keys[s] = key;
        if (++this.size * 2 > this.mask) {
          this.grow();
          return this.add(code, no);
        }
        break;
      }
      h++;
      s = h & this.mask;
    }
    if (this.last[s] === no + 1) return;
    this.last[s] = no + 1;
    if (this.n === this.slots.length) {
      const slots = new Int32Array(this.n * 2);
      slots.set(this.slots);
      this.slots = slots;
      const nos = new Int32Array(this.n * 2);
      nos.set(this.nos);
      this.nos = nos;
    }
    this.slots[this.n] = s;
    this.nos[this.n++] = no;
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldLast = this.last;
    const cap = oldKeys.length * 2;
    this.mask = cap - 1;
    this.keys = new Int32Array(cap);
    this.last = new Int32Array(cap);
    const moved = new Int32Array(oldKeys.length);
    for (let s = 0; s < oldKeys.length; s++) {
      const key = oldKeys[s];
      if (!key) continue;
      let h = hash(key - 1);
      let t = h & this.mask;
      while (this.keys[t]) t = ++h & this.mask;
      this.keys[t] = key;
      this.last[t] = oldLast[s];
      moved[s] = t;
    }
    for (let i = 0; i < this.n; i++) this.slots[i] = moved[this.slots[i]];
  }

  /** The pairs of a field's text for block `no`: lower-cased natively, folded by table (as foldText). */
  addText(text: string, no: number, units: Uint16Array, alsoTitle: boolean): void {
    const lower = text.toLowerCase();
    let prev = -1;
    for (let i = 0; i < lower.length; i++) {
      const c = units[lower.charCodeAt(i)];
      if (c === 0) {
        prev = -1;
        continue;
      }
      if (prev >= 0) {
        const code = codeOf(prev, c);
        this.add(code, no);
        if (alsoTitle) this.add(code + TITLE, no);
      }
      prev = c;
    }
  }

  /** A block's pairs: every entry's id, titles (also as title codes) and summary; a pair never spans two fields. */
  addBlock(row: BlockRow, no: number, units: Uint16Array): void {
    for (let i = 0; i < row.ids.length; i++) {
      this.addText(row.ids[i], no, units, false);
      // The two titles as one text, as searchFields joins them (the newline cuts the pair).
      this.addText(row.titlesEn[i], no, units, true);
      this.addText(row.titlesZh[i], no, units, true);
      this.addText(row.summaries[i], no, units, false);
    }
  }

  /** The segment's rows: per bucket, its codes sorted, each with its blocks sorted. */
  encode(sourceId: number, segment: number, base: number, end: number): SearchRow[] {
    const cap = this.keys.length;
    // Blocks per slot, by counting: list of slot s is lists[from[s] … from[s + 1]).
    const from = new Int32Array(cap + 1);
    for (let i = 0; i < this.n; i++) from[this.slots[i] + 1]++;
    for (let s = 0; s < cap; s++) from[s + 1] += from[s];
    const lists = new Int32Array(this.n);
    const fill = from.slice(0, cap);
    for (let i = 0; i < this.n; i++) lists[fill[this.slots[i]]++] = this.nos[i];
    // Per bucket, its slots in the order of their codes: code × capacity + slot, sorted as
    // numbers (a typed array's own sort, no comparator), exact in a double while codes < 2^30
    // and the capacity ≤ 2^23. Beyond (millions of distinct pairs in one segment: only a hostile
    // digest comes near) the slots are sorted by comparison.
    const keys = this.keys;
    const perBucket: Array<number[] | Float64Array> = Array.from({ length: SEARCH_BUCKETS }, () => []);
    for (let s = 0; s < cap; s++) if (keys[s] && from[s + 1] > from[s]) (perBucket[bucketOf(keys[s] - 1)] as number[]).push(cap <= 2 ** 23 ? (keys[s] - 1) * cap + s : s);
    const slotsOf = (list: number[] | Float64Array): Int32Array => {
      if (cap > 2 ** 23) return Int32Array.from((list as number[]).sort((x, y) => keys[x] - keys[y]));
      const sorted = Float64Array.from(list).sort();
      return Int32Array.from(sorted, (v) => v % cap);
    };
    const words = Math.ceil((end - base) / 32);
    return perBucket.map((list, b) => {
      const slots = slotsOf(list);
      const size = slots.length;
      const codes = new Uint32Array(size);
      const starts = new Uint32Array(size + 1);
      const dense = new Uint8Array(size);
      let n = 0;
      for (let i = 0; i < size; i++) {
        const s = slots[i];
        codes[i] = keys[s] - 1;
        starts[i] = n;
        const len = from[s + 1] - from[s];
        dense[i] = len > words ? 1 : 0;
        n += dense[i] ? words : len;
      }
      starts[size] = n;
      const blocks = new Uint32Array(n);
      for (let i = 0; i < size; i++) {
        const list = lists.subarray(from[slots[i]], from[slots[i] + 1]);
        if (dense[i]) {
          for (const no of list) blocks[starts[i] + ((no - base) >>> 5)] |= 1 << ((no - base) & 31);
          continue;
        }
        blocks.set(list, starts[i]);
        // Blocks written again keep their numbers, which may come after higher ones.
        for (let j = 1; j < list.length; j++) {
          if (list[j] < list[j - 1]) {
            blocks.subarray(starts[i], starts[i + 1]).sort();
            break;
          }
        }
      }
      return { sourceId, bucket: segment * SEARCH_BUCKETS + b, base, codes, starts, blocks, dense };
    });
  }
}

/** The codes a query needs, each word's own (a one-character word needs none). */
export function queryCodes(foldedWords: string[]): { all: number[]; title: number[] } {
  const all = new Set<number>();
  for (const w of foldedWords) pairCodes(w, all);
  return { all: [...all], title: [...all].map((c) => c + TITLE) };
}

/** Code i's block numbers, from a list or a bitset, each to `f`. */
function eachBlock(r: SearchRow, i: number, f: (no: number) => unknown): void {
  const blocks = r.blocks!;
  const to = r.starts![i + 1];
  if (!r.dense?.[i]) {
    for (let j = r.starts![i]; j < to; j++) f(blocks[j]);
    return;
  }
  const base = r.base ?? 0;
  for (let j = r.starts![i], w = 0; j < to; j++, w++) for (let word = blocks[j], bit = 0; word; bit++, word >>>= 1) if (word & 1) f(base + w * 32 + bit);
}

/** Code i's block numbers, from a list or a bitset. */
function listAt(r: SearchRow, i: number): number[] {
  const part = r.blocks!.subarray(r.starts![i], r.starts![i + 1]);
  if (!r.dense?.[i]) return Array.from(part);
  const base = r.base ?? 0;
  const out: number[] = [];
  part.forEach((word, w) => {
    for (let bit = 0; word; bit++, word >>>= 1) if (word & 1) out.push(base + w * 32 + bit);
  });
  return out;
}

/** A digest's names row, or an empty one. */
interface Names {
  names: string[];
  sizes: number[];
  /** First block number per segment; null: an index from before segments (one segment of all). */
  segments: number[] | null;
}

function namesOf(rows: SearchRow[]): Names | null {
  const r = rows.find((x) => x.bucket === NAMES_BUCKET);
  if (!r?.names) return null;
  return { names: r.names.slice(), sizes: r.sizes ? Array.from(r.sizes) : [], segments: r.segments ? Array.from(r.segments) : null };
}

/** The segment block `no` is in. */
function segmentOf(segments: number[], no: number): number {
  let lo = 0;
  let hi = segments.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (segments[mid] <= no) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Whether a digest's rows can be updated in part: written with segments (an older index is rebuilt from its blocks). */
export function isSegmented(namesRow: SearchRow | undefined): boolean {
  return !!namesRow?.segments && !!namesRow.sizes;
}

/**
 * The bucket numbers of the rows a write of `written` / `removed` blocks needs (besides the
 * names row): those of the segments those blocks are in, and of the last segment, which new
 * blocks join.
 */
export function rowsToUpdate(namesRow: SearchRow | undefined, written: Iterable<string>, removed: Iterable<string> = []): number[] {
  if (!namesRow?.names || !namesRow.segments) return [];
  const segments = Array.from(namesRow.segments);
  const numberOf = new Map(namesRow.names.map((n, i) => [n, i] as const));
  const touched = new Set<number>([segments.length - 1]);
  for (const name of [...written, ...removed]) {
    const no = numberOf.get(name);
    if (no !== undefined) touched.add(segmentOf(segments, no));
  }
  return [...touched].flatMap((s) => Array.from({ length: SEARCH_BUCKETS }, (_, b) => s * SEARCH_BUCKETS + b));
}

/**
 * A digest's index rows to write after some of its blocks were written or removed: `previous`
 * are its names row and the rows `rowsToUpdate` named (none for a new digest; an index from
 * before segments is rebuilt from all its blocks instead), `written` the block rows now stored,
 * `removed` the names of blocks that are gone. Only the rows of the segments touched come back
 * (with the names row): the others stay as they are.
 */
export function reindex(sourceId: number, previous: SearchRow[], written: BlockRow[], removed: Iterable<string> = []): SearchRow[] {
  const units = unitTable();
  const had = namesOf(previous);
  if (had && !had.segments) throw new Error('an index from before segments is rebuilt from its blocks, not updated');
  const names = had?.names ?? [];
  const sizes = had?.sizes ?? [];
  const segments = had?.segments ?? [0];
  const numberOf = new Map(names.map((n, i) => [n, i] as const));
  const touched = new Set<number>();
  const stale = new Set<number>();
  for (const name of removed) {
    const no = numberOf.get(name);
    if (no === undefined) continue;
    stale.add(no);
    names[no] = '';
    sizes[no] = 0;
    touched.add(segmentOf(segments, no));
  }
  // Numbers: a block written again keeps its own; a new one joins the last segment, or opens
  // the next when the last is full.
  const numbered: Array<[number, BlockRow]> = [];
  let lastCount = -1;
  for (const row of written) {
    let no = numberOf.get(row.block);
    if (no === undefined) {
      if (lastCount < 0) lastCount = sizes.slice(segments[segments.length - 1]).reduce((a, b) => a + b, 0);
      no = names.length;
      if (lastCount > 0 && lastCount + row.ids.length > SEGMENT_ENTRIES) {
        segments.push(no);
        lastCount = 0;
      }
      lastCount += row.ids.length;
      names.push(row.block);
      numberOf.set(row.block, no);
    } else {
      stale.add(no);
      names[no] = row.block;
    }
    sizes[no] = row.ids.length;
    touched.add(segmentOf(segments, no));
    numbered.push([no, row]);
  }
  const out: SearchRow[] = [];
  for (const seg of [...touched].sort((a, b) => a - b)) {
    const base = segments[seg];
    const end = seg + 1 < segments.length ? segments[seg + 1] : names.length;
    const postings = new Postings();
    // What the segment held, but for the blocks written again or removed.
    for (const r of previous) {
      if (r.bucket < seg * SEARCH_BUCKETS || r.bucket >= (seg + 1) * SEARCH_BUCKETS || !r.codes || !r.starts || !r.blocks) continue;
      for (let i = 0; i < r.codes.length; i++) eachBlock(r, i, (no) => stale.has(no) || postings.add(r.codes![i], no));
    }
    for (const [no, row] of numbered) if (no >= base && no < end) postings.addBlock(row, no, units);
    out.push(...postings.encode(sourceId, seg, base, end));
  }
  out.push({ sourceId, bucket: NAMES_BUCKET, names, sizes: Uint16Array.from(sizes), segments: Uint32Array.from(segments) });
  return out;
}

/** The bucket numbers a query reads in a digest: per segment, its codes' buckets. */
export function queryRows(namesRow: SearchRow, codes: number[]): number[] {
  const buckets = [...new Set(codes.map(bucketOf))];
  const segments = namesRow.segments?.length ?? 1;
  return Array.from({ length: segments }, (_, s) => buckets.map((b) => s * SEARCH_BUCKETS + b)).flat();
}

/** In one digest's rows (those `queryRows` named): the names of the blocks holding every code. */
export function blocksWithAll(namesRow: SearchRow, rows: SearchRow[], codes: number[]): string[] {
  const names = namesRow.names ?? [];
  const bySegment = new Map<number, SearchRow[]>();
  for (const r of rows) if (r.bucket >= 0) bySegment.set(Math.floor(r.bucket / SEARCH_BUCKETS), [...(bySegment.get(Math.floor(r.bucket / SEARCH_BUCKETS)) ?? []), r]);
  const out: string[] = [];
  // Segments hold disjoint blocks: the blocks holding every code are each segment's, together.
  for (const [seg, own] of bySegment) {
    let result: Set<number> | null = null;
    for (const code of codes) {
      const row = own.find((r) => r.bucket === seg * SEARCH_BUCKETS + bucketOf(code));
      const list = new Set<number>();
      if (row?.codes && row.starts && row.blocks) {
        let lo = 0;
        let hi = row.codes.length - 1;
        while (lo <= hi) {
          const mid = (lo + hi) >> 1;
          if (row.codes[mid] < code) lo = mid + 1;
          else if (row.codes[mid] > code) hi = mid - 1;
          else {
            for (const no of listAt(row, mid)) if (!result || result.has(no)) list.add(no);
            break;
          }
        }
      }
      result = list;
      if (!result.size) break;
    }
    for (const no of result ?? []) if (names[no]) out.push(names[no]);
  }
  return out;
}

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
 * Layout: per digest, SEARCH_BUCKETS rows, each the pairs whose code falls in it, as sorted
 * codes with, for each, the numbers of the blocks holding it; and one row (bucket -1) with the
 * digest's block names by number. A query reads one row per digest for each bucket its pairs
 * fall in. Codes: a pair's two UTF-16 units folded into 29 bits (see TITLE); the same plus 2^29
 * when the pair is in a title (titles rank first). Typed arrays: IndexedDB stores them as bytes.
 */
import { foldText } from '../lib/zh-fold';
import type { BlockRow } from './blocks';

export const SEARCH_BUCKETS = 64;
/** The row of a digest's block names. */
export const NAMES_BUCKET = -1;
/**
 * Codes fit V8's small integers (which a Set hashes fastest: a 10,000-entry import spent
 * ~0.4 s on codes that did not): a pair's two UTF-16 units folded into 29 bits (two pairs
 * sharing a code only add a candidate block, which the check of its entries drops), plus 2^29
 * for a title's pair.
 */
const TITLE = 2 ** 29;
const PRIME = 536_870_909;

export interface SearchRow {
  sourceId: number;
  /** 0 … SEARCH_BUCKETS - 1, or NAMES_BUCKET. */
  bucket: number;
  /** Sorted pair codes (bucket rows). */
  codes?: Uint32Array;
  /**
   * Code i's blocks are blocks[starts[i] … starts[i + 1]): their numbers, or, where `dense[i]`,
   * a bitset of all the digest's blocks (smaller once a pair is in more than one block in 32: the
   * common pairs of Chinese, 模型 or 我们, are in nearly every block).
   */
  starts?: Uint32Array;
  blocks?: Uint32Array;
  dense?: Uint8Array;
  /** Block names by number (the NAMES_BUCKET row); a removed block leaves an empty name. */
  names?: string[];
}

/** Letters and digits (Latin, CJK, kana, hangul): what a pair is made of. */
function isWordUnit(c: number): boolean {
  if (c < 0x80) return (c >= 48 && c <= 57) || (c >= 97 && c <= 122);
  return (c >= 0xc0 && c <= 0x24f) || (c >= 0x370 && c <= 0x52f) || (c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x9fff) || (c >= 0xac00 && c <= 0xd7af) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xd800 && c <= 0xdfff);
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
    if (prev >= 0) into.add(((prev * 65536 + c) % PRIME) + plus);
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

/**
 * Block `no`'s pairs of folded text added to the lists (code → block numbers), once each: a
 * list that already ends with `no` has it. No set per block: a 10,000-entry import made ~3.5
 * million set insertions for it.
 */
function addPairs(folded: string, plus: number, no: number, byCode: Map<number, number[]>): void {
  let prev = -1;
  for (let i = 0; i < folded.length; i++) {
    const c = folded.charCodeAt(i);
    if (!isWordUnit(c)) {
      prev = -1;
      continue;
    }
    if (prev >= 0) {
      const code = ((prev * 65536 + c) % PRIME) + plus;
      const list = byCode.get(code);
      if (!list) byCode.set(code, [no]);
      else if (list[list.length - 1] !== no) list.push(no);
    }
    prev = c;
  }
}

/** A block's pairs: every entry's, and its titles' again as title codes (field by field: a pair never spans two). */
function addBlock(row: BlockRow, no: number, byCode: Map<number, number[]>): void {
  row.ids.forEach((id, i) => {
    const title = foldText(`${row.titlesEn[i]}\n${row.titlesZh[i]}`);
    addPairs(id.toLowerCase(), 0, no, byCode);
    addPairs(title, 0, no, byCode);
    addPairs(title, TITLE, no, byCode);
    addPairs(foldText(row.summaries[i]), 0, no, byCode);
  });
}

/** The codes a query needs, each word's own (a one-character word needs none). */
export function queryCodes(foldedWords: string[]): { all: number[]; title: number[] } {
  const all = new Set<number>();
  for (const w of foldedWords) pairCodes(w, all);
  return { all: [...all], title: [...all].map((c) => c + TITLE) };
}

/** A digest's index as a map code → block numbers, from its rows (empty when none). */
function decode(rows: SearchRow[]): { names: string[]; byCode: Map<number, number[]> } {
  const names = rows.find((r) => r.bucket === NAMES_BUCKET)?.names?.slice() ?? [];
  const byCode = new Map<number, number[]>();
  for (const r of rows) {
    if (r.bucket === NAMES_BUCKET || !r.codes || !r.starts || !r.blocks) continue;
    for (let i = 0; i < r.codes.length; i++) byCode.set(r.codes[i], listAt(r, i));
  }
  return { names, byCode };
}

/** Code i's block numbers, from a list or a bitset. */
function listAt(r: SearchRow, i: number): number[] {
  const part = r.blocks!.subarray(r.starts![i], r.starts![i + 1]);
  if (!r.dense?.[i]) return Array.from(part);
  const out: number[] = [];
  part.forEach((word, w) => {
    for (let bit = 0; word; bit++, word >>>= 1) if (word & 1) out.push(w * 32 + bit);
  });
  return out;
}

function encode(sourceId: number, names: string[], byCode: Map<number, number[]>): SearchRow[] {
  const words = Math.ceil(names.length / 32);
  const isDense = (list: number[]) => list.length > words;
  const perBucket = Array.from({ length: SEARCH_BUCKETS }, () => [] as number[]);
  for (const [code, list] of byCode) if (list.length) perBucket[bucketOf(code)].push(code);
  const rows: SearchRow[] = perBucket.map((codes, bucket) => {
    codes.sort((a, b) => a - b);
    const starts = new Uint32Array(codes.length + 1);
    const dense = new Uint8Array(codes.length);
    let n = 0;
    for (let i = 0; i < codes.length; i++) {
      starts[i] = n;
      const list = byCode.get(codes[i])!;
      dense[i] = isDense(list) ? 1 : 0;
      n += dense[i] ? words : list.length;
    }
    starts[codes.length] = n;
    const blocks = new Uint32Array(n);
    codes.forEach((c, i) => {
      const list = byCode.get(c)!;
      if (!dense[i]) return blocks.set(list, starts[i]);
      for (const no of list) blocks[starts[i] + (no >>> 5)] |= 1 << (no & 31);
    });
    return { sourceId, bucket, codes: Uint32Array.from(codes), starts, blocks, dense };
  });
  rows.push({ sourceId, bucket: NAMES_BUCKET, names });
  return rows;
}

/**
 * A digest's index rows after some of its blocks were written or removed: `previous` are its
 * rows before (none for a new digest), `written` the block rows now stored, `removed` the names
 * of blocks that are gone.
 */
export function reindex(sourceId: number, previous: SearchRow[], written: BlockRow[], removed: Iterable<string> = []): SearchRow[] {
  const { names, byCode } = decode(previous);
  const numberOf = new Map(names.map((n, i) => [n, i] as const));
  const stale = new Set<number>();
  for (const name of [...written.map((r) => r.block), ...removed]) {
    const no = numberOf.get(name);
    if (no !== undefined) stale.add(no);
  }
  if (stale.size) for (const [code, list] of byCode) byCode.set(code, list.filter((no) => !stale.has(no)));
  for (const name of removed) {
    const no = numberOf.get(name);
    if (no !== undefined) names[no] = '';
  }
  for (const row of written) {
    let no = numberOf.get(row.block);
    if (no === undefined) {
      no = names.length;
      names.push(row.block);
      numberOf.set(row.block, no);
    } else names[no] = row.block;
    addBlock(row, no, byCode);
  }
  // A block written again keeps its number, which may come after higher ones in a list.
  if (stale.size) for (const list of byCode.values()) list.sort((a, b) => a - b);
  return encode(sourceId, names, byCode);
}

/** In one digest's rows (those of the query's buckets): the names of the blocks holding every code. */
export function blocksWithAll(rows: SearchRow[], codes: number[]): string[] {
  const names = rows.find((r) => r.bucket === NAMES_BUCKET)?.names ?? [];
  let result: Set<number> | null = null;
  for (const code of codes) {
    const row = rows.find((r) => r.bucket === bucketOf(code));
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
  return [...(result ?? [])].map((no) => names[no]).filter(Boolean);
}

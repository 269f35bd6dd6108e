/**
 * How entries are stored: in blocks of up to 100 neighbouring papers of one digest, column by
 * column. Pure: shared by the schema's upgrade, the cache and the tests.
 *
 * Why blocks: IndexedDB pays per row, not per byte. 10,000 entries written as 10,000 rows took
 * 1.8–2.2 s in Chromium here; as ~100 rows of 100, 60–70 ms. A listing's or a digest's papers
 * lie close together (the ids that differ only in their last two digits), so they share rows.
 *
 * Why columns: reading is structured-clone work, paid per object. 2,100 entries as objects (an
 * object for each entry and each key number) took 17–19 ms to read; as columns — an array of
 * ids, one of titles …, and the key numbers as flat values with their text and sentence kept as
 * offsets into the summary — 7–8 ms, objects rebuilt included (npm run bench, and the
 * experiment it came from: same rows, fresh objects per entry).
 */
import type { DigestEntry, KeyNumber } from '../lib/digest/types';
import { groupBy } from '../lib/group-by';

/** Values stored for one key number (see BlockRow.keyNumbers). */
const SLOTS = 7;

export interface BlockRow {
  sourceId: number;
  /** `blockOf(arxivId)` of every entry in the row. */
  block: string;
  /** The entries' ids, sorted; entry i of the block is at index i of every column. */
  ids: string[];
  versions: Array<number | null>;
  titlesEn: string[];
  titlesZh: string[];
  summaries: string[];
  /**
   * Every entry's key numbers, SLOTS values each: start, end, value, unit, label, sentence
   * start, sentence end. `text` is `summary.slice(start, end)` and the sentence a slice too;
   * a key number for which that does not hold keeps both as `{ text, sentence }` in the sixth
   * slot (and null in the seventh).
   */
  keyNumbers: Array<number | string | null | { text: string; sentence: string }>;
  /** Entry i's key numbers are the `keyNumberFrom[i]`-th up to the `keyNumberFrom[i + 1]`-th. */
  keyNumberFrom: number[];
}

/** The block an id belongs to: the id without its last two digits (`2409.188`, `hep-th/99010`). */
export function blockOf(arxivId: string): string {
  return arxivId.slice(0, -2);
}

function packKeyNumber(out: BlockRow['keyNumbers'], summary: string, k: KeyNumber): void {
  const at = summary.lastIndexOf(k.sentence, k.start);
  const slices = summary.slice(k.start, k.end) === k.text && at >= 0 && at + k.sentence.length >= k.end;
  out.push(k.start, k.end, k.value, k.unit, k.label, slices ? at : { text: k.text, sentence: k.sentence }, slices ? at + k.sentence.length : null);
}

/** One block's row from its entries (all of one digest and one block). */
function packBlock(sourceId: number, block: string, entries: DigestEntry[]): BlockRow {
  const row: BlockRow = { sourceId, block, ids: [], versions: [], titlesEn: [], titlesZh: [], summaries: [], keyNumbers: [], keyNumberFrom: [0] };
  for (const e of [...entries].sort((a, b) => (a.arxivId < b.arxivId ? -1 : 1))) {
    row.ids.push(e.arxivId);
    row.versions.push(e.version);
    row.titlesEn.push(e.titleEn);
    row.titlesZh.push(e.titleZh);
    row.summaries.push(e.summaryZh);
    for (const k of e.keyNumbers) packKeyNumber(row.keyNumbers, e.summaryZh, k);
    row.keyNumberFrom.push(row.keyNumbers.length / SLOTS);
  }
  return row;
}

/** A digest's entries as block rows. */
export function blockRows(sourceId: number, entries: Iterable<DigestEntry>): BlockRow[] {
  return [...groupBy(entries, (e) => blockOf(e.arxivId))].map(([block, list]) => packBlock(sourceId, block, list));
}

/** Entry `i` of a block, rebuilt. */
export function entryAt(row: BlockRow, i: number): DigestEntry {
  const summary = row.summaries[i];
  const k = row.keyNumbers;
  const keyNumbers: KeyNumber[] = [];
  for (let j = row.keyNumberFrom[i] * SLOTS; j < row.keyNumberFrom[i + 1] * SLOTS; j += SLOTS) {
    const start = k[j] as number;
    const end = k[j + 1] as number;
    const sentenceAt = k[j + 5];
    const whole = typeof sentenceAt === 'object' ? (sentenceAt as { text: string; sentence: string }) : null;
    keyNumbers.push({
      text: whole ? whole.text : summary.slice(start, end),
      start,
      end,
      value: k[j + 2] as number,
      unit: k[j + 3] as string,
      label: k[j + 4] as string,
      sentence: whole ? whole.sentence : summary.slice(sentenceAt as number, k[j + 6] as number),
    });
  }
  return { arxivId: row.ids[i], version: row.versions[i], titleEn: row.titlesEn[i], titleZh: row.titlesZh[i], summaryZh: summary, keyNumbers };
}

/** Every entry of a block. */
export function entriesOf(row: BlockRow): DigestEntry[] {
  return row.ids.map((_, i) => entryAt(row, i));
}

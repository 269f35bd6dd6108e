/**
 * The cache's operations over Dexie: atomic import, look-ups, search, sources, export.
 * Nothing here keeps state in memory: Chrome stops the worker whenever it likes.
 */
import Dexie from 'dexie';
import { isBareNewId, monthOf, parseArxivId } from '../lib/arxiv/ids';
import { decodeDigest, DigestError, exportDigest } from '../lib/digest/parse';
import type { DigestEntry, DigestWarning } from '../lib/digest/types';
import { skipCount } from '../lib/digest/warning-kinds';
import { ProtocolError, type BriefHit, type Counts, type MonthCoverage, type ImportResult, type LookupHit, type SourceInfo, type SourceOrigin } from '../lib/messaging';
import { groupBy } from '../lib/group-by';
import { monthBitsOf, SortedIds } from '../lib/sorted-lines';
import { blockOf, blockRows, coverageRows, entriesOf, entryAt, type BlockRow, type DigestDb, type SourceRow } from '../storage/db';
import { blocksWithAll, isSegmented, NAMES_BUCKET, queryCodes, queryRows, reindex, rowsToUpdate, searchFields, type SearchRow } from '../storage/search-index';
import { foldText } from '../lib/zh-fold';
import { parseInSlices } from './parse-slices';
import { bottomRank, compareSources, inReaderOrder, reorder, topRank } from './order';

/** FNV-1a over the text: tells an unchanged digest from a changed one, cheaply and offline. */
export function contentHash(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
  }
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0') + text.length.toString(16);
}

function toInfo(row: SourceRow): SourceInfo {
  return { ...row };
}

/** One paper as one digest has it. */
interface Held {
  entry: DigestEntry;
  sourceId: number;
}

/** The entries of block rows that `wanted` picks, with the digest each comes from. */
function heldIn(rows: BlockRow[], wanted: (id: string) => boolean): Held[] {
  const out: Held[] = [];
  for (const row of rows) row.ids.forEach((id, i) => wanted(id) && out.push({ entry: entryAt(row, i), sourceId: row.sourceId }));
  return out;
}

function isQuotaError(err: unknown): boolean {
  const name = (err as { name?: string; inner?: { name?: string } })?.name;
  const inner = (err as { inner?: { name?: string } })?.inner?.name;
  return name === 'QuotaExceededError' || inner === 'QuotaExceededError' || (err instanceof Dexie.DexieError && /quota/i.test(err.message));
}

export interface ImportOptions {
  name: string;
  origin: SourceOrigin;
  url?: string;
  /** The subscription that keeps this digest fresh. */
  subscriptionId?: string;
  /** The import time to record (tests pass one; otherwise now). */
  now?: number;
}

function noEntries(name: string, warnings: DigestWarning[]): ProtocolError {
  const first = warnings[0];
  const why = first ? `; ${warnings.length} section(s) skipped, the first at line ${first.line}: ${first.message}` : '';
  return new ProtocolError('invalid-digest', `"${name}" holds no digest entry${why}`, 'no-entries', { name });
}

function quotaError(): ProtocolError {
  return new ProtocolError('quota', 'the browser has no storage left for this digest; the import was rolled back and nothing changed', 'quota');
}

/** The warnings that stand for a section or record that became no entry. */
/** Where a new digest goes in the reader's order: on top, the bundled one last. */
async function rankFor(db: DigestDb, origin: SourceOrigin, previous?: SourceRow): Promise<number> {
  if (previous) return previous.rank;
  const all = await db.sources.toArray();
  return origin === 'bundled' ? bottomRank(all) : topRank(all);
}

/**
 * Parses and writes a digest in one transaction: all or nothing. Re-importing a digest of the
 * same name and origin replaces its entries. A digest that yields no entry is refused.
 */
export async function importDigest(db: DigestDb, text: string, opts: ImportOptions): Promise<ImportResult> {
  const hash = contentHash(text);
  const same = await db.sources.where('hash').equals(hash).filter((s) => s.name === opts.name && s.origin === opts.origin).first();
  // The same digest again (every worker start re-offers the bundled one): nothing to parse.
  if (same) return { source: toInfo(same), imported: 0, skipped: skipCount(same.warnings), merged: 0, warnings: same.warnings, unchanged: true };
  // Parsed in slices that yield: look-ups are answered while a big file is read.
  const parsed = await parseInSlices(text);
  if (!parsed.entries.length) throw noEntries(opts.name, parsed.warnings);
  const now = opts.now ?? Date.now();
  try {
    return await changingSources(db, () => db.transaction('rw', [db.blocks, db.sources, db.coverage, db.search], async () => {
      const previous = await db.sources.filter((s) => s.name === opts.name && s.origin === opts.origin).first();
      const row: Omit<SourceRow, 'id'> & { id?: number } = {
        name: opts.name,
        origin: opts.origin,
        importedAt: now,
        entryCount: parsed.entries.length,
        warnings: parsed.warnings,
        hash,
        rank: await rankFor(db, opts.origin, previous),
        ...(opts.url ? { url: opts.url } : {}),
        ...(opts.subscriptionId ? { subscriptionId: opts.subscriptionId } : {}),
      };
      if (previous) {
        row.id = previous.id;
        await deleteBlocksOf(db, previous.id);
        await db.coverage.where('sourceId').equals(previous.id).delete();
        await db.search.where('sourceId').equals(previous.id).delete();
      }
      const id = (await db.sources.put(row as SourceRow)) as number;
      const blocks = blockRows(id, parsed.entries);
      await db.blocks.bulkPut(blocks);
      await db.search.bulkPut(reindex(id, [], blocks));
      await db.coverage.bulkPut(coverageRows(id, parsed.entries.map((e) => e.arxivId)));
      return { source: toInfo({ ...row, id }), imported: parsed.entries.length, skipped: skipCount(parsed.warnings), merged: parsed.merged ?? 0, warnings: parsed.warnings, unchanged: false };
    }));
  } catch (err) {
    if (isQuotaError(err)) throw quotaError();
    throw err;
  }
}

/**
 * A digest's blocks, removed by their primary-key range in one request (through an index, rows
 * are visited one by one: about 15 times slower, npm run bench).
 */
function deleteBlocksOf(db: DigestDb, sourceId: number): Promise<number> {
  return db.blocks.where('[sourceId+block]').between([sourceId, Dexie.minKey], [sourceId, Dexie.maxKey], true, true).delete();
}

/** Why bytes are no digest, as an error the UI words. */
export function digestRefusal(err: DigestError, name: string, size: number): ProtocolError {
  const params: Record<string, string | number> = err.code === 'too-large' ? { name, mb: Number((size / 1048576).toFixed(1)), limitMb: 20 } : { name };
  return new ProtocolError('invalid-digest', `"${name}": ${err.message}`, err.code, params);
}

/** Import from bytes (a file or a download): size, binary and encoding are checked first. */
export async function importBytes(db: DigestDb, bytes: Uint8Array, opts: ImportOptions): Promise<ImportResult> {
  let text: string;
  try {
    text = decodeDigest(bytes);
  } catch (err) {
    if (err instanceof DigestError) throw digestRefusal(err, opts.name, bytes.byteLength);
    throw err;
  }
  return importDigest(db, text, opts);
}

function hitsOf(held: Held[], sources: Map<number, SourceRow>, sourceId?: number): LookupHit | null {
  const ranked = inReaderOrder(held, (h) => h.sourceId, sources);
  // The reader asked for one digest's entry (the panel's "switch to"): it answers, the others follow.
  const chosen = sourceId === undefined ? ranked[0] : ranked.find((h) => h.sourceId === sourceId);
  if (!chosen) return null;
  const ref = (id: number) => ({ id, name: sources.get(id)!.name });
  return { entry: chosen.entry, source: ref(chosen.sourceId), alsoIn: ranked.filter((h) => h !== chosen).map((h) => ref(h.sourceId)) };
}

/**
 * The digests, kept between reads: every look-up needs them (a second read costs a look-up
 * ~0.6 ms of its ~2, npm run bench), and only import, rename and delete change them. A worker
 * that Chrome stopped reads them again. Writes go through `changingSources`, which forgets
 * them before and after, so that a read made during a write is not kept.
 */
const sourcesKept = new WeakMap<DigestDb, Promise<Map<number, SourceRow>>>();

function sourceMap(db: DigestDb): Promise<Map<number, SourceRow>> {
  let kept = sourcesKept.get(db);
  if (!kept) {
    kept = db.sources.toArray().then((rows) => new Map(rows.map((s) => [s.id, s])));
    sourcesKept.set(db, kept);
    kept.catch(() => sourcesKept.delete(db));
  }
  return kept;
}

async function changingSources<T>(db: DigestDb, write: () => Promise<T>): Promise<T> {
  sourcesKept.delete(db);
  try {
    return await write();
  } finally {
    sourcesKept.delete(db);
  }
}

function bareId(id: string): string | null {
  return isBareNewId(id) ? id : (parseArxivId(id)?.id ?? null);
}

/** The paper as the first digest in the reader's order has it, or as digest `sourceId` has it. */
export async function lookup(db: DigestDb, id: string, sourceId?: number): Promise<LookupHit | null> {
  const bare = bareId(id);
  if (!bare) return null;
  // One read, and the digests (kept): no explicit transaction, which costs ~0.9 ms of ~2 here
  // (npm run bench). A digest imported between the two reads is simply not seen yet.
  const [rows, sources] = await Promise.all([db.blocks.where('block').equals(blockOf(bare)).toArray(), sourceMap(db)]);
  return hitsOf(heldIn(rows, (x) => x === bare), sources, sourceId);
}

/** How many blocks lie from `a` to `b` (same month), or Infinity when that cannot be told. */
function blocksBetween(a: string, b: string): number {
  const dot = a.indexOf('.');
  if (dot !== 4 || !b.startsWith(a.slice(0, 5))) return Infinity;
  return Number(b.slice(5)) - Number(a.slice(5)) + 1;
}

/**
 * The block rows that hold many ids. A listing's ids lie close together: when most rows from
 * the lowest block to the highest are wanted, one range read beats a cursor that jumps to each
 * block (anyOf) by about two to one (npm run bench). When the wanted blocks fill most of their
 * span (a listing: one month, a few thousand consecutive ids), that is clear from the ids
 * alone; otherwise the range's keys tell.
 */
async function blocksFor(db: DigestDb, ids: string[]): Promise<BlockRow[]> {
  const blocks = [...new Set(ids.map(blockOf))].sort();
  // Few blocks, or blocks of different months (no range to read between them): a jump to each.
  if (blocks.length < 4 || !Number.isFinite(blocksBetween(blocks[0], blocks[blocks.length - 1]))) return db.blocks.where('block').anyOf(blocks).toArray();
  const range = db.blocks.where('block').between(blocks[0], blocks[blocks.length - 1], true, true);
  const wanted = new Set(blocks);
  if (blocks.length * 2 < blocksBetween(blocks[0], blocks[blocks.length - 1])) {
    // Primary keys ([sourceId, block]) come in one request; index keys would come by cursor.
    const keys = await range.primaryKeys();
    if (keys.filter(([, block]) => wanted.has(block)).length * 2 < keys.length) return db.blocks.where('block').anyOf(blocks).toArray();
  }
  return (await range.toArray()).filter((r) => wanted.has(r.block));
}

export async function lookupMany(db: DigestDb, ids: string[], scattered = false): Promise<Record<string, LookupHit>> {
  const bare = [...new Set(ids.map(bareId).filter((x): x is string => !!x))];
  if (!bare.length) return {};
  // As in lookup: no explicit transaction (~2.6 ms of ~17 for 2,000 ids). Ids known to lie far
  // apart (search's results) skip blocksFor's range: between the bundled digest's 2410.* and a
  // year of a subscription its key check walked ~3,000 keys, ~110 ms of a search's ~115.
  const [rows, sources] = await Promise.all([scattered ? db.blocks.where('block').anyOf([...new Set(bare.map(blockOf))]).toArray() : blocksFor(db, bare), sourceMap(db)]);
  const wanted = new Set(bare);
  const byId = groupBy(heldIn(rows, (x) => wanted.has(x)), (h) => h.entry.arxivId);
  const out: Record<string, LookupHit> = {};
  for (const [id, list] of byId) {
    const hit = hitsOf(list, sources);
    if (hit) out[id] = hit;
  }
  return out;
}

/**
 * Which of many ids the cache covers, and by which digest (the newest import), from the
 * coverage index: a few rows per month instead of one entry row per paper.
 */
export async function coverage(db: DigestDb, ids: string[]): Promise<Record<string, BriefHit>> {
  const wanted = new Set(ids.map(bareId).filter((x): x is string => !!x));
  if (!wanted.size) return {};
  const months = [...new Set([...wanted].map(monthOf))];
  return db.transaction('r', db.coverage, db.sources, async () => {
    const [rows, sources] = await Promise.all([db.coverage.where('month').anyOf(months).toArray(), sourceMap(db)]);
    const byMonth = groupBy(wanted, monthOf);
    const out: Record<string, BriefHit> = {};
    // In the reader's order, so that the first to claim an id is the one that answers.
    for (const row of inReaderOrder(rows, (r) => r.sourceId, sources)) {
      const source = sources.get(row.sourceId)!;
      // A bitset once per row, then a bit per id: a search of each row for each id made
      // coverage of 2,000 ids ~30 ms instead of ~16 (npm run bench).
      const ids = new SortedIds(row.ids);
      for (const id of byMonth.get(row.month) ?? []) {
        if (!out[id] && ids.has(id)) out[id] = { arxivId: id, source: source.name };
      }
    }
    return out;
  });
}

/** The coverage index of whole months, in the reader's order of digests. */
export async function coverageOfMonths(db: DigestDb, months: string[]): Promise<MonthCoverage[]> {
  const valid = [...new Set(months.filter((m) => /^\d{4}$/.test(m)))];
  if (!valid.length) return [];
  return db.transaction('r', db.coverage, db.sources, async () => {
    const [rows, sources] = await Promise.all([db.coverage.where('month').anyOf(valid).toArray(), sourceMap(db)]);
    return inReaderOrder(rows, (r) => r.sourceId, sources).map((r): MonthCoverage => {
      const source = sources.get(r.sourceId)!.name;
      // A month of new-style ids goes as a bitset of their numbers: the content script neither receives nor scans ~20,000 ids.
      // Only when smaller: a bitset's size follows the highest number, not how many ids there are.
      const packed = monthBitsOf(r.ids);
      return packed && packed.prefix === `${r.month}.` && packed.base64.length < r.ids.length ? { month: r.month, source, ids: '', bits: { width: packed.width, base64: packed.base64 } } : { month: r.month, source, ids: r.ids };
    });
  });
}

/** Block keys newest first: new-style ids by their digits, then old-style ones. */
function newestFirst(a: [number, string], b: [number, string]): number {
  const na = /^\d/.test(a[1]);
  const nb = /^\d/.test(b[1]);
  if (na !== nb) return na ? -1 : 1;
  return a[1] < b[1] ? 1 : a[1] > b[1] ? -1 : a[0] - b[0];
}

/**
 * Search by id, English or Chinese title, or words of the summary: every word must appear, in
 * either script (简体 and 繁體 fold alike, lib/zh-fold.ts) and either case. Title matches rank
 * before the others, newest papers first. The index (storage/search-index.ts) names the blocks
 * that hold every pair of characters of the query; only those are read, newest first, until
 * `limit` papers matched, and each entry is checked against the words themselves.
 */
export async function search(db: DigestDb, query: string, limit = 50): Promise<LookupHit[]> {
  const trimmed = query.trim();
  if (!trimmed) return [];
  const ref = parseArxivId(trimmed.toLowerCase());
  if (ref) {
    const hit = await lookup(db, ref.id);
    return hit ? [hit] : [];
  }
  const words = foldText(trimmed).split(/\s+/).filter(Boolean);
  const codes = queryCodes(words);
  // The digests' names rows, then the rows of the query's buckets in each of their segments.
  // In one read transaction: a merge committing between the names rows and the buckets' rows
  // would leave names that do not match the rows read (a new segment, renumbered blocks).
  const { sources, namesRows, rows } = await db.transaction('r', db.search, db.sources, async () => {
    const [sources, namesRows] = await Promise.all([sourceMap(db), db.search.where('bucket').equals(NAMES_BUCKET).toArray()]);
    const keys = namesRows.flatMap((r) => (codes.all.length ? queryRows(r, codes.all).map((b) => [r.sourceId, b] as [number, number]) : []));
    const rows = (await db.search.bulkGet(keys)).filter((r): r is SearchRow => !!r);
    return { sources, namesRows, rows };
  });
  const namesOf = new Map(namesRows.map((r) => [r.sourceId, r] as const));
  const bySource = groupBy(rows, (r: SearchRow) => r.sourceId);
  const inTitle: Array<[number, string]> = [];
  const anywhere: Array<[number, string]> = [];
  for (const sourceId of sources.keys()) {
    const own = bySource.get(sourceId) ?? [];
    const namesRow = namesOf.get(sourceId);
    // A digest without an index (none should be): all its blocks are candidates.
    const all = namesRow?.names ? null : ((await db.blocks.where('[sourceId+block]').between([sourceId, Dexie.minKey], [sourceId, Dexie.maxKey], true, true).primaryKeys()) as Array<[number, string]>).map(([, b]) => b);
    // A query of one-character words has no pair: every block is a candidate.
    const pick = (list: number[]) => (all ?? (list.length ? blocksWithAll(namesRow!, own, list) : namesRow!.names!.filter(Boolean)));
    for (const block of pick(codes.title)) inTitle.push([sourceId, block]);
    for (const block of pick(codes.all)) anywhere.push([sourceId, block]);
  }
  inTitle.sort(newestFirst);
  anywhere.sort(newestFirst);
  // Each candidate block read once; its entries sorted into title matches and other matches.
  const seen = new Map<string, { title: string[]; other: string[] }>();
  const read = async (keys: Array<[number, string]>) => {
    const fresh = keys.filter(([s, b]) => !seen.has(`${s} ${b}`));
    const got = fresh.length ? await db.blocks.bulkGet(fresh) : [];
    fresh.forEach(([s, b], i) => {
      const row = got[i];
      const m = { title: [] as string[], other: [] as string[] };
      if (row) {
        for (let j = row.ids.length - 1; j >= 0; j--) {
          const f = searchFields(row.ids[j], row.titlesEn[j], row.titlesZh[j], row.summaries[j]);
          if (words.every((w) => f.title.includes(w))) m.title.push(row.ids[j]);
          else if (words.every((w) => f.all.includes(w))) m.other.push(row.ids[j]);
        }
      }
      seen.set(`${s} ${b}`, m);
    });
  };
  const BATCH = 8;
  const found = new Set<string>();
  const titled = new Set<string>();
  for (let i = 0; i < inTitle.length && titled.size < limit; i += BATCH) {
    const keys = inTitle.slice(i, i + BATCH);
    await read(keys);
    for (const [s, b] of keys) for (const id of seen.get(`${s} ${b}`)!.title) titled.add(id);
  }
  for (const id of titled) found.add(id);
  for (let i = 0; i < anywhere.length && found.size < limit; i += BATCH) {
    const keys = anywhere.slice(i, i + BATCH);
    await read(keys);
    for (const [s, b] of keys) for (const id of seen.get(`${s} ${b}`)!.other) if (!titled.has(id)) found.add(id);
  }
  const ids = [...found].slice(0, limit);
  const hits = await lookupMany(db, ids, true);
  return ids.map((id) => hits[id]).filter((h): h is LookupHit => !!h);
}

export async function listSources(db: DigestDb): Promise<SourceInfo[]> {
  return (await db.sources.toArray()).sort(compareSources).map(toInfo);
}

/** The reader's order: `order` first, the digests it does not list after, as they were. */
export async function reorderSources(db: DigestDb, order: number[]): Promise<SourceInfo[]> {
  await changingSources(db, () =>
    db.transaction('rw', db.sources, async () => {
      const all = await db.sources.toArray();
      const known = new Set(all.map((s) => s.id));
      const unknown = order.find((id) => !known.has(id));
      if (unknown !== undefined) throw new ProtocolError('not-found', `no digest with id ${unknown}`, 'unknown-source', { id: unknown });
      const ranks = reorder(all, order);
      await db.sources.bulkPut(all.map((s) => ({ ...s, rank: ranks.get(s.id)! })));
    }),
  );
  return listSources(db);
}

export async function renameSource(db: DigestDb, id: number, name: string): Promise<SourceInfo> {
  const clean = name.trim();
  if (!clean) throw new ProtocolError('bad-message', 'a digest needs a name');
  return changingSources(db, () =>
    db.transaction('rw', db.sources, async () => {
      const row = await db.sources.get(id);
      if (!row) throw new ProtocolError('not-found', `no digest with id ${id}`, 'unknown-source', { id });
      await db.sources.update(id, { name: clean });
      return toInfo({ ...row, name: clean });
    }),
  );
}

/** Removes a digest and its entries, and nothing else. */
export async function deleteSource(db: DigestDb, id: number): Promise<{ removed: number }> {
  return changingSources(db, () =>
    db.transaction('rw', [db.blocks, db.sources, db.coverage, db.search], async () => {
      const source = await db.sources.get(id);
      if (!source) throw new ProtocolError('not-found', `no digest with id ${id}`, 'unknown-source', { id });
      await deleteBlocksOf(db, id);
      await db.coverage.where('sourceId').equals(id).delete();
      await db.search.where('sourceId').equals(id).delete();
      await db.sources.delete(id);
      return { removed: source.entryCount };
    }),
  );
}

/** Every paper the cache knows, as the first digest in the reader's order has it, in the JSON digest format. */
export async function exportAll(db: DigestDb): Promise<{ text: string; entries: number }> {
  const sources = await sourceMap(db);
  const best = new Map<string, Held>();
  // Rows in the reader's order of their digests: the first to claim a paper keeps it.
  for (const row of inReaderOrder(await db.blocks.toArray(), (r) => r.sourceId, sources)) {
    for (const entry of entriesOf(row)) if (!best.has(entry.arxivId)) best.set(entry.arxivId, { entry, sourceId: row.sourceId });
  }
  const entries = [...best.values()].map((h) => h.entry).sort((a, b) => a.arxivId.localeCompare(b.arxivId));
  return { text: exportDigest(entries), entries: entries.length };
}

/** From the coverage index, which lists every digest's ids: entries are not read. */
export async function counts(db: DigestDb): Promise<Counts> {
  return db.transaction('r', db.coverage, db.sources, async () => {
    const [rows, sources] = await Promise.all([db.coverage.toArray(), db.sources.count()]);
    const papers = new Set<string>();
    let entries = 0;
    for (const row of rows) {
      const ids = row.ids.split('\n');
      entries += ids.length;
      for (const id of ids) papers.add(id);
    }
    return { entries, sources, papers: papers.size };
  });
}

/** What a subscription's digest is, when it has to be created. */
export interface MergeTarget {
  sourceId: number | null;
  subscriptionId: string;
  name: string;
  url: string;
}

/**
 * Entries merged into a subscription's digest in one transaction (atomic per file): a paper it
 * held is replaced by the newer text, papers it held and the file lacks stay. Returns the
 * digest's id and how many entries were new or different.
 */
export async function mergeEntries(db: DigestDb, target: MergeTarget, entries: DigestEntry[], now = Date.now()): Promise<{ sourceId: number; changed: number; entryCount: number }> {
  try {
    return await changingSources(db, () =>
      db.transaction('rw', [db.blocks, db.sources, db.coverage, db.search], async () => {
        let source = target.sourceId === null ? undefined : await db.sources.get(target.sourceId);
        // Two files of a new subscription parsed at once both come without a sourceId: the second
        // finds the digest the first made (transactions over these tables run one after another).
        source ??= await db.sources.filter((s) => s.subscriptionId === target.subscriptionId).first();
        if (!source) {
          const row = { name: target.name, origin: 'subscription' as const, url: target.url, importedAt: now, entryCount: 0, warnings: [], hash: '', rank: topRank(await db.sources.toArray()), subscriptionId: target.subscriptionId };
          source = { ...row, id: (await db.sources.add(row as unknown as SourceRow)) as number };
        }
        const sourceId = source.id;
        const incoming = groupBy(entries, (e) => blockOf(e.arxivId));
        const held = await db.blocks.bulkGet([...incoming.keys()].map((b) => [sourceId, b] as [number, string]));
        let changed = 0;
        let added = 0;
        const rows: BlockRow[] = [];
        [...incoming].forEach(([, list], i) => {
          const byId = new Map((held[i] ? entriesOf(held[i]!) : []).map((e) => [e.arxivId, e]));
          let rowChanged = false;
          for (const e of list) {
            const before = byId.get(e.arxivId);
            if (!before) added++;
            if (!before || JSON.stringify(before) !== JSON.stringify(e)) {
              changed++;
              rowChanged = true;
              byId.set(e.arxivId, e);
            }
          }
          if (rowChanged) rows.push(...blockRows(sourceId, byId.values()));
        });
        if (rows.length) {
          await db.blocks.bulkPut(rows);
          await addCoverage(db, sourceId, entries.map((e) => e.arxivId));
          await updateIndex(db, sourceId, rows);
        }
        const entryCount = source.entryCount + added;
        await db.sources.update(sourceId, { entryCount, ...(changed ? { importedAt: now } : {}) });
        return { sourceId, changed, entryCount };
      }),
    );
  } catch (err) {
    if (isQuotaError(err)) throw quotaError();
    throw err;
  }
}

/**
 * The coverage rows of the months `ids` fall in, with `ids` added: a merge only adds papers, so
 * the rows are read and written, not the digest's blocks (a year of a dated series is ~1,100
 * blocks of full entries, which a daily refresh read in whole: 2.1 s instead of ~0.4). The
 * retention's removal takes its papers out of the same rows, likewise.
 */
async function addCoverage(db: DigestDb, sourceId: number, ids: string[]): Promise<void> {
  const byMonth = [...groupBy(ids, monthOf)];
  const held = await db.coverage.bulkGet(byMonth.map(([month]) => [month, sourceId] as [string, number]));
  await db.coverage.bulkPut(
    byMonth.map(([month, list], i) => {
      const all = new Set(held[i]?.ids ? held[i]!.ids.split('\n') : []);
      for (const id of list) all.add(id);
      return { month, sourceId, ids: [...all].sort().join('\n') };
    }),
  );
}

/** The coverage rows of the months `ids` fall in, without `ids` (a row left empty goes). */
async function removeFromCoverage(db: DigestDb, sourceId: number, ids: string[]): Promise<void> {
  const gone = new Set(ids);
  const months = [...new Set(ids.map(monthOf))];
  const keys = months.map((m) => [m, sourceId] as [string, number]);
  const held = await db.coverage.bulkGet(keys);
  const rows = held.flatMap((row) => (row ? [{ ...row, ids: row.ids.split('\n').filter((id) => id && !gone.has(id)).join('\n') }] : []));
  await db.coverage.bulkDelete(rows.filter((r) => !r.ids).map((r) => [r.month, sourceId] as [string, number]));
  await db.coverage.bulkPut(rows.filter((r) => r.ids));
}

/**
 * A digest's index after some of its blocks were written or removed (inside the write's
 * transaction): only the rows of the segments those blocks are in are read and written (a
 * daily merge into a year's digest rewrote all of its index, ~65 rows of several MB, before).
 * A digest with no index, or one written before segments, gets its index built from its blocks.
 */
async function updateIndex(db: DigestDb, sourceId: number, written: BlockRow[], removed: string[] = []): Promise<void> {
  const namesRow = await db.search.get([sourceId, NAMES_BUCKET]);
  if (!namesRow || !isSegmented(namesRow)) {
    const blocks = await db.blocks.where('[sourceId+block]').between([sourceId, Dexie.minKey], [sourceId, Dexie.maxKey], true, true).toArray();
    await db.search.where('sourceId').equals(sourceId).delete();
    await db.search.bulkPut(reindex(sourceId, [], blocks));
    return;
  }
  const keys = rowsToUpdate(namesRow, written.map((r) => r.block), removed).map((b) => [sourceId, b] as [number, number]);
  const rows = (await db.search.bulkGet(keys)).filter((r): r is SearchRow => !!r);
  await db.search.bulkPut(reindex(sourceId, [namesRow, ...rows], written, removed));
}

/** Papers removed from a digest (retention); the digest itself stays, even when emptied. */
export async function removeEntries(db: DigestDb, sourceId: number, ids: string[]): Promise<number> {
  if (!ids.length) return 0;
  return changingSources(db, () =>
    db.transaction('rw', [db.blocks, db.sources, db.coverage, db.search], async () => {
      const gone = new Set(ids);
      const blocks = [...new Set(ids.map(blockOf))];
      const held = await db.blocks.bulkGet(blocks.map((b) => [sourceId, b] as [number, string]));
      let removed = 0;
      const written: BlockRow[] = [];
      const emptied: string[] = [];
      for (const row of held) {
        if (!row) continue;
        const kept = entriesOf(row).filter((e) => !gone.has(e.arxivId));
        removed += row.ids.length - kept.length;
        if (kept.length === row.ids.length) continue;
        if (kept.length) {
          const rewritten = blockRows(sourceId, kept)[0];
          await db.blocks.put(rewritten);
          written.push(rewritten);
        } else {
          await db.blocks.delete([sourceId, row.block]);
          emptied.push(row.block);
        }
      }
      await removeFromCoverage(db, sourceId, ids);
      if (written.length || emptied.length) await updateIndex(db, sourceId, written, emptied);
      const source = await db.sources.get(sourceId);
      if (source) await db.sources.update(sourceId, { entryCount: Math.max(0, source.entryCount - removed) });
      return removed;
    }),
  );
}

/** A subscription's digest made a plain one (the reader unsubscribed and kept its entries). */
export async function detachSource(db: DigestDb, sourceId: number): Promise<void> {
  await changingSources(db, () =>
    db.transaction('rw', db.sources, async () => {
      const row = await db.sources.get(sourceId);
      if (!row) return;
      const { subscriptionId: _, ...rest } = row;
      await db.sources.put({ ...rest, origin: 'url' });
    }),
  );
}

/**
 * The extension's IndexedDB cache (background only: a content script that opened IndexedDB
 * would open arxiv.org's database). Every version() block stays; a change adds a version.
 */
import Dexie, { type EntityTable, type Table } from 'dexie';
import type { DigestEntry } from '../lib/digest/types';
import type { SourceInfo } from '../lib/messaging';
import { monthOf } from '../lib/arxiv/ids';
import { groupBy } from '../lib/group-by';
import { blockRows, type BlockRow } from './blocks';
import { reindex, type SearchRow } from './search-index';

export { blockOf, blockRows, entryAt, entriesOf, type BlockRow } from './blocks';

/** Schemas 1–4: one row per paper per digest (the `entries` table, dropped by version 5). */
export interface EntryRow extends DigestEntry {
  sourceId: number;
}

/** A digest's row is what the protocol tells of it. */
export type SourceRow = SourceInfo;

/**
 * Which papers one digest covers in one month of arXiv ids: a listing page's papers mostly
 * share a month or two, so its coverage is a few small reads instead of 2,000 entry rows.
 */
export interface CoverageRow {
  /** `YYMM` of the id (`2409` for 2409.18869 and for hep-th/2409001). */
  month: string;
  sourceId: number;
  /** The ids, sorted, one per line. */
  ids: string;
}

/**
 * One file a subscription fetched (a day of a dated series, a paper, an index's file, a fixed
 * URL): what is needed to ask again conditionally, to tell an unchanged body, to remember a 404
 * and to apply the retention by date.
 */
export interface FetchRow {
  url: string;
  subscriptionId: string;
  status: 'ok' | 'missing';
  checkedAt: number;
  /** `YYYY-MM-DD` of a dated file or an index's file; else the day it was fetched. */
  date: string;
  etag?: string;
  lastModified?: string;
  /** contentHash of the body last stored. */
  hash?: string;
  /** The papers the file brought (retention removes them once no newer file has them). */
  ids?: string[];
}

export type DigestDb = Dexie & {
  blocks: Table<BlockRow, [number, string]>;
  sources: EntityTable<SourceRow, 'id'>;
  coverage: Table<CoverageRow, [string, number]>;
  fetches: Table<FetchRow, string>;
  search: Table<SearchRow, [number, number]>;
};

/** Coverage rows of one digest, from its ids. */
export function coverageRows(sourceId: number, ids: Iterable<string>): CoverageRow[] {
  return [...groupBy(ids, monthOf)].map(([month, list]) => ({ month, sourceId, ids: list.sort().join('\n') }));
}

export const DB_NAME = 'arxiv-digest';

/** The text search looks in, lower-cased (Chinese has no case; the English in it does). */
export function searchTextOf(e: Pick<DigestEntry, 'arxivId' | 'titleEn' | 'titleZh' | 'summaryZh'>): string {
  return `${e.arxivId}\n${e.titleEn}\n${e.titleZh}\n${e.summaryZh}`.toLowerCase();
}

export function openDb(indexedDB?: IDBFactory, keyRange?: typeof IDBKeyRange): DigestDb {
  const db = new Dexie(DB_NAME, indexedDB ? { indexedDB, IDBKeyRange: keyRange } : undefined) as DigestDb;
  // v1: one row per paper per digest; looked up by bare id, removed by digest. Rows also
  // carried a lower-cased copy of their text (`searchText`) for search.
  db.version(1).stores({
    entries: '[sourceId+arxivId], arxivId, sourceId',
    sources: '++id, hash',
  });
  // v2: rows drop `searchText`. It doubled every row, and rows are read 2,000 at a time on
  // listing pages and written 10,000 at a time on import (npm run bench); search folds case
  // as it goes instead.
  db.version(2)
    .stores({})
    .upgrade((tx) =>
      tx
        .table<EntryRow & { searchText?: string }>('entries')
        .toCollection()
        .modify((row) => {
          delete row.searchText;
        }),
    );
  // v3: a coverage index by month, for listing pages (npm run bench: 2,000 ids answered from a
  // few rows instead of 2,000 entries). Built here from the entries already stored.
  db.version(3)
    .stores({ coverage: '[month+sourceId], month, sourceId' })
    .upgrade(async (tx) => {
      const keys = (await tx.table('entries').toCollection().primaryKeys()) as Array<[number, string]>;
      const bySource = groupBy(keys, ([sourceId]) => sourceId);
      await tx.table('coverage').bulkPut([...bySource].flatMap(([sourceId, pairs]) => coverageRows(sourceId, pairs.map(([, id]) => id))));
    });
  // v4: entries move into blocks of up to 100 neighbouring papers (see BlockRow): an import of
  // 10,000 entries took ~2 s as rows of one paper, ~0.5 s as blocks, most of it the parse
  // (npm run bench).
  db.version(4)
    .stores({ blocks: '[sourceId+block], block' })
    .upgrade(async (tx) => {
      const rows = (await tx.table('entries').toArray()) as EntryRow[];
      const bySource = groupBy(rows, (r) => r.sourceId);
      await tx.table('blocks').bulkPut([...bySource].flatMap(([sourceId, list]) => blockRows(sourceId, list.map(({ sourceId: _, ...entry }): DigestEntry => entry))));
    });
  // v5: the one-row-per-paper table goes (Dexie lets an upgrade read a table only when a later
  // version deletes it).
  db.version(5).stores({ entries: null });
  // v6: the reader's order of digests (SourceInfo.rank). Until now the newest import answered,
  // so that order is kept: newest first, the bundled digest last.
  db.version(6)
    .stores({})
    .upgrade(async (tx) => {
      const sources = (await tx.table('sources').toArray()) as Array<Omit<SourceRow, 'rank'> & { rank?: number }>;
      const ordered = [...sources].sort((a, b) => Number(a.origin === 'bundled') - Number(b.origin === 'bundled') || b.importedAt - a.importedAt || b.id - a.id);
      await tx.table('sources').bulkPut(ordered.map((s, i) => ({ ...s, rank: i })));
    });
  // v7: what subscriptions fetched, by URL (see FetchRow).
  db.version(7).stores({ fetches: 'url, subscriptionId' });
  // v8: the search index (storage/search-index.ts): search read every entry, ~0.5 s with
  // 120,000 stored (npm run bench -- --only=search). Built here from the blocks already stored.
  db.version(8)
    .stores({ search: '[sourceId+bucket], bucket, sourceId' })
    .upgrade(async (tx) => {
      const sourceIds = (await tx.table('sources').toCollection().primaryKeys()) as number[];
      for (const sourceId of sourceIds) {
        const blocks = (await tx.table('blocks').where('[sourceId+block]').between([sourceId, Dexie.minKey], [sourceId, Dexie.maxKey], true, true).toArray()) as BlockRow[];
        await tx.table('search').bulkPut(reindex(sourceId, [], blocks));
      }
    });
  return db;
}

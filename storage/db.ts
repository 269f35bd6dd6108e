/**
 * The extension's IndexedDB cache (background only: a content script that opened IndexedDB
 * would open arxiv.org's database). Every version() block stays; a change adds a version.
 */
import Dexie, { type EntityTable, type Table } from 'dexie';
import type { DigestEntry, DigestWarning } from '../lib/digest/types';
import type { SourceOrigin } from '../lib/messaging';

export interface EntryRow extends DigestEntry {
  sourceId: number;
}

export interface SourceRow {
  id: number;
  name: string;
  origin: SourceOrigin;
  url?: string;
  importedAt: number;
  entryCount: number;
  warnings: DigestWarning[];
  hash: string;
}

export type DigestDb = Dexie & {
  entries: Table<EntryRow, [number, string]>;
  sources: EntityTable<SourceRow, 'id'>;
};

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
  return db;
}

/**
 * The extension's IndexedDB cache (background only: a content script that opened IndexedDB
 * would open arxiv.org's database). Every version() block stays; a change adds a version.
 */
import Dexie, { type EntityTable, type Table } from 'dexie';
import type { DigestEntry, DigestWarning } from '../lib/digest/types';
import type { SourceOrigin } from '../lib/messaging';

export interface EntryRow extends DigestEntry {
  sourceId: number;
  /** Lower-cased titles and summary, for search without a scan of every field's case. */
  searchText: string;
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

export function searchTextOf(e: Pick<DigestEntry, 'arxivId' | 'titleEn' | 'titleZh' | 'summaryZh'>): string {
  return `${e.arxivId}\n${e.titleEn}\n${e.titleZh}\n${e.summaryZh}`.toLowerCase();
}

export function openDb(indexedDB?: IDBFactory, keyRange?: typeof IDBKeyRange): DigestDb {
  const db = new Dexie(DB_NAME, indexedDB ? { indexedDB, IDBKeyRange: keyRange } : undefined) as DigestDb;
  // v1: one row per paper per digest; looked up by bare id, removed by digest.
  db.version(1).stores({
    entries: '[sourceId+arxivId], arxivId, sourceId',
    sources: '++id, hash',
  });
  // v2: rows carry their lower-cased text so that search does not re-fold 100,000 summaries.
  db.version(2)
    .stores({})
    .upgrade((tx) =>
      tx
        .table<EntryRow>('entries')
        .toCollection()
        .modify((row) => {
          row.searchText = searchTextOf(row);
        }),
    );
  return db;
}

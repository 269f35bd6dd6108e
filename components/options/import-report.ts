/** What an import did, in the reader's words: imported N, merged M duplicates, skipped K sections (each with its line). */
import type { DigestWarning } from '../../lib/digest/types';
import type { ImportResult } from '../../lib/messaging';
import { t, warningText } from '../i18n';

/** Warnings that say two sections of one paper were merged, not that a section was lost. */
const MERGE_CODES: ReadonlySet<string> = new Set(['duplicate']);

export interface ImportReport {
  lines: string[];
  /** The skipped sections, each worded with its line. */
  skipped: string[];
}

/** `encoding`: the one the file was read in (told here, where the file is decoded). */
export function importReport(r: ImportResult, encoding?: string): ImportReport {
  if (r.unchanged) return { lines: [t('importUnchanged', r.source.name)], skipped: [] };
  const warnings: DigestWarning[] = r.warnings;
  const merges = warnings.filter((w) => MERGE_CODES.has(w.code));
  const skips = warnings.filter((w) => !merges.includes(w));
  // A count from the background, when it reports one (identical repeats leave no warning).
  const merged = (r as ImportResult & { merged?: number }).merged ?? merges.length;
  const lines = [t('optImported', r.imported)];
  if (merged > 0) lines.push(t('optMerged', merged));
  if (encoding) lines.push(t('optEncoding', encoding.toUpperCase()));
  if (skips.length > 0) lines.push(t('optSkipped', skips.length));
  return { lines, skipped: skips.map(warningText) };
}

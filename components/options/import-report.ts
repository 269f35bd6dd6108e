/**
 * What an import did, in the reader's words: imported N, merged M duplicates, skipped K sections
 * (each with its line and reason), and what was changed on the way (a version dropped, a
 * summary cut). A count of zero says nothing: never "跳过 0 处".
 */
import { isSkip } from '../../lib/digest/warning-kinds';
import type { ImportResult } from '../../lib/messaging';
import { t, warningText } from '../i18n';

export interface ImportList {
  /** `skipped`: sections that became no entry; `notes`: entries kept but changed (a dropped version, a cut summary). */
  kind: 'skipped' | 'notes';
  head: string;
  /** Each worded with its line. */
  items: string[];
}

export interface ImportReport {
  lines: string[];
  lists: ImportList[];
}

/** `encoding`: the one the file was read in (told here, where the file is decoded). */
export function importReport(r: ImportResult, encoding?: string): ImportReport {
  if (r.unchanged) return { lines: [t('importUnchanged', r.source.name)], lists: [] };
  // `more-warnings` stands for the warnings past the cap: listed with the skips when any of
  // those were skips (the count is the background's, the cut-off ones included).
  const skips = r.skipped > 0 ? r.warnings.filter((w) => isSkip(w) || w.code === 'more-warnings') : [];
  // A merge is counted by the background (identical repeats leave no warning), not listed.
  const notes = r.warnings.filter((w) => !isSkip(w) && w.code !== 'duplicate' && !(r.skipped > 0 && w.code === 'more-warnings'));
  const lines = [t('optImported', r.imported)];
  if (r.merged > 0) lines.push(t('optMerged', r.merged));
  if (encoding) lines.push(t('optEncoding', encoding.toUpperCase()));
  const lists: ImportList[] = [];
  if (skips.length > 0) lists.push({ kind: 'skipped', head: t('optSkipped', r.skipped), items: skips.map(warningText) });
  if (notes.length > 0) lists.push({ kind: 'notes', head: t('optNotes', notes.length), items: notes.map(warningText) });
  return { lines, lists };
}

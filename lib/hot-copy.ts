/**
 * The hot copy: the look-up answers for the papers a reader is most likely to open next, kept
 * in `storage.local`, which a content script reads without the background. Chrome stops an idle
 * service worker after ~30 s, and starting it again takes ~60 ms, longer than a saved abstract
 * page takes to show its abstract: with the answer in the hot copy the panel is in the first
 * frame that shows the abstract whether the worker runs or not (docs/performance.md).
 *
 * The background (background/hot-copy.ts) owns it. Its keys:
 * - `hot:<bare id>`: a `LookupHit`, exactly what the background's look-up answers for the paper;
 * - `hotValid`: present only while every `hot:` key agrees with the cache. The background
 *   removes it before it writes to the cache, and sets it again once the hot copy is rebuilt;
 * - `hotIndex`: the ids held, each with a hash of its answer (background only);
 * - `hotRecent`: the papers the reader opened lately that the background was asked about
 *   (those read from the copy were in it already), newest first (background only);
 * - `hotMonths`: for the newest months the cache covers, which of their ids any digest covers
 *   (`HotMonth`), so that a listing with nothing to show needs no message at all.
 *
 * This module is the part the content script needs: small, no Dexie.
 */
import type { LookupHit } from './messaging';

export const HOT_VALID = 'hotValid';
export const HOT_INDEX = 'hotIndex';
export const HOT_RECENT = 'hotRecent';
export const HOT_PREFIX = 'hot:';
export const HOT_MONTHS = 'hotMonths';

/** The newest months the hot copy says the coverage of (a listing shows one or two). */
export const HOT_MONTH_COUNT = 3;

/**
 * One month of `hotMonths`: the bitset (lib/sorted-lines.ts `unionMonthBitsOf`) of the numbers
 * of its ids (`2503.01234`: 1234, all `width` long) that at least one digest covers. It says
 * which papers no digest covers; which digest answers for the others is asked of the background.
 */
export interface HotMonth {
  month: string;
  width: number;
  base64: string;
}

export const hotKey = (bareId: string): string => HOT_PREFIX + bareId;

/**
 * The shape of the stored answers. A version of the extension that changes what a look-up
 * answers raises it: a copy made by another is then not read, and is rebuilt at the worker's start.
 */
export const HOT_FORMAT = 1;

/** What `hotValid` holds. */
export interface HotValid {
  /** When the copy was last made to agree with the cache (epoch ms). */
  at: number;
  format: number;
  /** The extension's version that made it. */
  version: string;
  /** A hash of the digests (ids, names, order) it was made from, checked at a worker start. */
  sources: string;
}

const isText = (x: unknown): x is string => typeof x === 'string';
const isRef = (x: unknown): boolean => !!x && typeof x === 'object' && typeof (x as { id?: unknown }).id === 'number' && isText((x as { name?: unknown }).name);

/**
 * The hit a stored value is, or null when it is not one (absent, or not of this version's
 * shape): the content script then asks the background, as without a hot copy.
 */
export function hotHit(value: unknown, bareId: string): LookupHit | null {
  if (!value || typeof value !== 'object') return null;
  const h = value as Partial<LookupHit>;
  const e = h.entry;
  if (!e || typeof e !== 'object' || e.arxivId !== bareId || !isText(e.titleZh) || !isText(e.titleEn) || !isText(e.summaryZh) || !Array.isArray(e.keyNumbers)) return null;
  if (!isRef(h.source) || !Array.isArray(h.alsoIn) || !h.alsoIn.every(isRef)) return null;
  return h as LookupHit;
}

/** The hit for `bareId` from one `storage.local.get` of HOT_VALID and its key: null unless the copy is valid. */
export function hotHitOf(values: Record<string, unknown>, bareId: string): LookupHit | null {
  return isOn(values) ? hotHit(values[hotKey(bareId)], bareId) : null;
}

/** Whether a `storage.local.get` that read HOT_VALID found the copy on, in this format. */
function isOn(values: Record<string, unknown>): boolean {
  const valid = values[HOT_VALID] as Partial<HotValid> | undefined;
  return !!valid && typeof valid.at === 'number' && valid.format === HOT_FORMAT;
}

/** The months of `hotMonths` from the same `storage.local.get` as HOT_VALID: none unless the copy is valid. */
export function hotMonthsOf(values: Record<string, unknown>): HotMonth[] {
  const months = values[HOT_MONTHS];
  if (!isOn(values) || !Array.isArray(months)) return [];
  return months.filter((m): m is HotMonth => !!m && typeof m === 'object' && /^\d{4}$/.test(m.month) && (m.width === 9 || m.width === 10) && isText(m.base64));
}

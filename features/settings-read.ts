/**
 * The content script's settings and cache stamp, read with one `storage.local.get` and watched
 * with one `storage.onChanged` listener: not through storage/settings.ts's items, each of which
 * reads its key from storage as it is defined (seven reads at the start of every arXiv page,
 * most of them for nothing). The keys and values are the same items' (`local:<key>`).
 */
import { browser } from 'wxt/browser';
import { repairSettings, SETTING_KEYS, type Settings } from '../storage/settings-spec';
import { HOT_MONTHS, HOT_VALID, hotHitOf, hotKey, hotMonthsOf, type HotMonth } from '../lib/hot-copy';
import type { LookupHit } from '../lib/messaging';

/** storage/settings.ts `cacheStamp`'s key: bumped by the background after every change to the cache. */
const CACHE_STAMP = 'cacheStamp';

/** All settings in one read, each repaired to its fallback when a stored value is malformed. */
export async function readSettings(): Promise<Settings> {
  return repairSettings(await browser.storage.local.get(SETTING_KEYS));
}

/**
 * A paper page's start: the settings and the paper's answer in the hot copy (lib/hot-copy.ts),
 * in the same one read. `hot` is null when the copy does not hold the paper or is off (the
 * cache is changing): the background is asked then.
 */
export async function readStart(bareId: string): Promise<{ settings: Settings; hot: LookupHit | null }> {
  const key = hotKey(bareId);
  const values = await browser.storage.local.get([...SETTING_KEYS, HOT_VALID, key]);
  return { settings: repairSettings(values), hot: hotHitOf(values, bareId) };
}

/**
 * A listing's start: the settings and the hot copy's months (lib/hot-copy.ts `hotMonths`: which
 * ids of the newest months any digest covers), in the same one read. No months when the copy
 * is off (the cache is changing): the background is asked then.
 */
export async function readListingStart(): Promise<{ settings: Settings; months: HotMonth[] }> {
  const values = await browser.storage.local.get([...SETTING_KEYS, HOT_VALID, HOT_MONTHS]);
  return { settings: repairSettings(values), months: hotMonthsOf(values) };
}

type Changes = Record<string, { oldValue?: unknown; newValue?: unknown }>;

/** Calls back on a change of local storage's `keys` (a value set to the same value is none). */
function watchKeys(keys: readonly string[], onChange: () => void): () => void {
  const listener = (changes: Changes, area: string) => {
    if (area !== 'local') return;
    if (keys.some((k) => k in changes && changes[k].newValue !== changes[k].oldValue)) onChange();
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}

/** Calls back with the whole settings object whenever any of them changes. */
export function watchSettings(onChange: (s: Settings) => void): () => void {
  return watchKeys(SETTING_KEYS, () => void readSettings().then(onChange, () => {}));
}

/** Calls back whenever the cache changed (an import, a deletion). */
export function watchCacheStamp(onChange: () => void): () => void {
  return watchKeys([CACHE_STAMP], onChange);
}

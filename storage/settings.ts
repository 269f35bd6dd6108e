/**
 * Settings live in browser.storage (not IndexedDB), so the content script reads them directly
 * and sees changes live. Each item is versioned; a bad stored value is repaired on its own.
 *
 * One declaration per setting (`SETTINGS`): its storage key, its default, what a valid value
 * is, and where the options page and the popup show it. The type `Settings`, the storage
 * items, the one-read `readSettings`, the watch and the rows of the options page and the popup
 * (components/SettingRows.tsx) all follow from it: adding a setting is one entry here (and the
 * words of its label in `_locales`).
 */
import { storage, type WxtStorageItem } from 'wxt/utils/storage';
import { SETTING_KEYS, SETTINGS, repairSettings, type SettingKey, type Settings } from './settings-spec';

export * from './settings-spec';

/** Each setting's storage item (`local:<key>`, version 1: the keys stored since the first release). */
export const settingItems = Object.fromEntries(
  SETTING_KEYS.map((key) => [key, storage.defineItem<unknown>(`local:${key}`, { fallback: SETTINGS[key].fallback, version: 1 })]),
) as unknown as { [K in SettingKey]: WxtStorageItem<Settings[K], {}> };

export const { overlayEnabled, displayMode, zhScript, showKeyNumbers, panelCollapsed, listingTitles } = settingItems;

/** Sets one setting; open pages see it through `watchSettings`. */
export function setSetting<K extends SettingKey>(key: K, value: Settings[K]): Promise<void> {
  return (settingItems[key] as WxtStorageItem<Settings[K], {}>).setValue(value);
}

/** All settings in one read, each repaired to its fallback when a stored value is malformed. */
export async function readSettings(): Promise<Settings> {
  // One storage read, not one per setting: the panel waits for it at document_start.
  const read = await storage.getItems(SETTING_KEYS.map((key) => settingItems[key]));
  return repairSettings(Object.fromEntries(read.map((r, i) => [SETTING_KEYS[i], r.value])));
}

/** Calls back with the whole settings object whenever any of them changes. */
export function watchSettings(onChange: (s: Settings) => void): () => void {
  const stops = SETTING_KEYS.map((key) => (settingItems[key] as WxtStorageItem<unknown, {}>).watch(() => void readSettings().then(onChange)));
  return () => stops.forEach((stop) => stop());
}

/**
 * Bumped by the background after every change to the cache (import, delete), so that open
 * arXiv tabs look their papers up again: a digest imported in the popup shows at once.
 */
export const cacheStamp = storage.defineItem<number>('local:cacheStamp', { fallback: 0 });

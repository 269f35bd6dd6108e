/**
 * Settings live in browser.storage (not IndexedDB), so the content script reads them directly
 * and sees changes live. Each item is versioned; a bad stored value is repaired on its own.
 */
import { storage } from 'wxt/utils/storage';

export type DisplayMode = 'zh' | 'bilingual' | 'en';
export const DISPLAY_MODES: readonly DisplayMode[] = ['zh', 'bilingual', 'en'];

/** The Chinese overlay on every arXiv page. Off removes every panel and badge at once. */
export const overlayEnabled = storage.defineItem<boolean>('local:overlayEnabled', { fallback: true, version: 1 });

/** 中文 / 双语 / English. */
export const displayMode = storage.defineItem<DisplayMode>('local:displayMode', { fallback: 'zh', version: 1 });

export const showKeyNumbers = storage.defineItem<boolean>('local:showKeyNumbers', { fallback: true, version: 1 });

/** The panel folded to its header. */
export const panelCollapsed = storage.defineItem<boolean>('local:panelCollapsed', { fallback: false, version: 1 });

/** On listing and search pages: the Chinese title under every covered paper's English one. */
export const listingTitles = storage.defineItem<boolean>('local:listingTitles', { fallback: false, version: 1 });

export function validDisplayMode(v: unknown): DisplayMode {
  return DISPLAY_MODES.includes(v as DisplayMode) ? (v as DisplayMode) : 'zh';
}

export interface Settings {
  overlayEnabled: boolean;
  displayMode: DisplayMode;
  showKeyNumbers: boolean;
  panelCollapsed: boolean;
  listingTitles: boolean;
}

/** All settings in one read, each repaired to its fallback when a stored value is malformed. */
export async function readSettings(): Promise<Settings> {
  // One storage read, not five: the panel waits for it at document_start.
  const [on, mode, keys, collapsed, titles] = (await storage.getItems([overlayEnabled, displayMode, showKeyNumbers, panelCollapsed, listingTitles])).map((r) => r.value);
  return {
    overlayEnabled: on !== false,
    displayMode: validDisplayMode(mode),
    showKeyNumbers: keys !== false,
    panelCollapsed: collapsed === true,
    listingTitles: titles === true,
  };
}

/** Calls back with the whole settings object whenever any of them changes. */
export function watchSettings(onChange: (s: Settings) => void): () => void {
  const items = [overlayEnabled, displayMode, showKeyNumbers, panelCollapsed, listingTitles];
  const stops = items.map((item) => (item as typeof overlayEnabled).watch(() => void readSettings().then(onChange)));
  return () => stops.forEach((stop) => stop());
}

/**
 * Bumped by the background after every change to the cache (import, delete), so that open
 * arXiv tabs look their papers up again: a digest imported in the popup shows at once.
 */
export const cacheStamp = storage.defineItem<number>('local:cacheStamp', { fallback: 0 });

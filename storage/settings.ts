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

/** 简体, 繁體 (Taiwan) or 繁體 (Hong Kong); `auto` follows the browser's language (components/zh-script.ts). */
export type ZhScriptSetting = 'auto' | 'hans' | 'tw' | 'hk';
export const ZH_SCRIPT_SETTINGS: readonly ZhScriptSetting[] = ['auto', 'hans', 'tw', 'hk'];

/** 简体 / 繁體 for everything a digest shows; `auto` follows the browser's language. */
export const zhScript = storage.defineItem<ZhScriptSetting>('local:zhScript', { fallback: 'auto', version: 1 });

export function validDisplayMode(v: unknown): DisplayMode {
  return DISPLAY_MODES.includes(v as DisplayMode) ? (v as DisplayMode) : 'zh';
}

export interface Settings {
  overlayEnabled: boolean;
  displayMode: DisplayMode;
  showKeyNumbers: boolean;
  panelCollapsed: boolean;
  listingTitles: boolean;
  zhScript: ZhScriptSetting;
}

/** All settings in one read, each repaired to its fallback when a stored value is malformed. */
export async function readSettings(): Promise<Settings> {
  // One storage read, not five: the panel waits for it at document_start.
  const [on, mode, keys, collapsed, titles, script] = (await storage.getItems([overlayEnabled, displayMode, showKeyNumbers, panelCollapsed, listingTitles, zhScript])).map((r) => r.value);
  return {
    overlayEnabled: on !== false,
    displayMode: validDisplayMode(mode),
    showKeyNumbers: keys !== false,
    panelCollapsed: collapsed === true,
    listingTitles: titles === true,
    zhScript: ZH_SCRIPT_SETTINGS.includes(script as ZhScriptSetting) ? (script as ZhScriptSetting) : 'auto',
  };
}

/** Calls back with the whole settings object whenever any of them changes. */
export function watchSettings(onChange: (s: Settings) => void): () => void {
  const items = [overlayEnabled, displayMode, showKeyNumbers, panelCollapsed, listingTitles, zhScript];
  const stops = items.map((item) => (item as typeof overlayEnabled).watch(() => void readSettings().then(onChange)));
  return () => stops.forEach((stop) => stop());
}

/**
 * Bumped by the background after every change to the cache (import, delete), so that open
 * arXiv tabs look their papers up again: a digest imported in the popup shows at once.
 */
export const cacheStamp = storage.defineItem<number>('local:cacheStamp', { fallback: 0 });

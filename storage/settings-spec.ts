/**
 * The settings' declarations without their storage items: what a content script needs to read
 * and repair them (features/settings-read.ts) without defining an item per setting — each
 * `storage.defineItem` reads its key from storage as it is defined, seven reads at the start of
 * every arXiv page. storage/settings.ts re-exports all of it beside the items.
 */
import type { MessageKey } from '../components/i18n';
import { resolveScript } from '../components/zh-script';

export type DisplayMode = 'zh' | 'bilingual' | 'en';
export const DISPLAY_MODES: readonly DisplayMode[] = ['zh', 'bilingual', 'en'];

/** 简体, 繁體 (Taiwan) or 繁體 (Hong Kong); `auto` follows the browser's language (components/zh-script.ts). */
export type ZhScriptSetting = 'auto' | 'hans' | 'tw' | 'hk';
export const ZH_SCRIPT_SETTINGS: readonly ZhScriptSetting[] = ['auto', 'hans', 'tw', 'hk'];

/** How a setting is shown: a switch, a radio group, or a drop-down of its values. */
export type SettingUi<T> =
  | { control: 'switch'; label: MessageKey; popup?: boolean }
  | {
      control: 'radios' | 'select';
      label: MessageKey;
      popup?: boolean;
      /** Each value's words. */
      choices: Record<T & string, MessageKey>;
      /** A value that stands for another (`auto`): its label is filled with that one's words. */
      means?: (value: T) => T;
    };

export interface SettingSpec<T> {
  fallback: T;
  /** What a stored value must be; anything else reads as the fallback. */
  valid: (v: unknown) => v is T;
  /** Its row on the options page (`popup`: also in the popup's display card). */
  ui: SettingUi<T>;
}

function flag(fallback: boolean, ui: SettingUi<boolean>): SettingSpec<boolean> {
  return { fallback, valid: (v): v is boolean => typeof v === 'boolean', ui };
}

function oneOf<T extends string>(values: readonly T[], fallback: T, ui: SettingUi<T>): SettingSpec<T> & { values: readonly T[] } {
  return { fallback, values, valid: (v): v is T => values.includes(v as T), ui };
}

/** Every setting, in the order the options page shows them. */
export const SETTINGS = {
  /** The Chinese overlay on every arXiv page. Off removes every panel and badge at once. */
  overlayEnabled: flag(true, { control: 'switch', label: 'overlaySwitch' }),
  /** 中文 / 双语 / English. */
  displayMode: oneOf(DISPLAY_MODES, 'zh', { control: 'radios', label: 'displayMode', popup: true, choices: { zh: 'modeZh', bilingual: 'modeBilingual', en: 'modeEn' } }),
  /** 简体 / 繁體 for everything a digest shows; `auto` follows the browser's language. */
  zhScript: oneOf(ZH_SCRIPT_SETTINGS, 'auto', {
    control: 'select',
    label: 'zhScript',
    popup: true,
    choices: { auto: 'zhScriptAuto', hans: 'zhScriptHans', tw: 'zhScriptTw', hk: 'zhScriptHk' },
    means: (v) => resolveScript(v),
  }),
  showKeyNumbers: flag(true, { control: 'switch', label: 'keyNumbers', popup: true }),
  /** The panel folded to its header. */
  panelCollapsed: flag(false, { control: 'switch', label: 'optCollapsed' }),
  /** On listing and search pages: the Chinese title under every covered paper's English one. */
  listingTitles: flag(false, { control: 'switch', label: 'listingTitles' }),
} as const;

export type SettingKey = keyof typeof SETTINGS;
export type Settings = { [K in SettingKey]: (typeof SETTINGS)[K]['fallback'] };
export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];

/** One setting's stored value, or its fallback when the value is missing or malformed. */
export function repairSetting<K extends SettingKey>(key: K, value: unknown): Settings[K] {
  const spec = SETTINGS[key] as unknown as SettingSpec<Settings[K]>;
  return spec.valid(value) ? value : spec.fallback;
}

/** A whole settings object from stored (or remembered) values, each repaired on its own. */
export function repairSettings(values: Partial<Record<string, unknown>> | null | undefined): Settings {
  return Object.fromEntries(SETTING_KEYS.map((key) => [key, repairSetting(key, values?.[key])])) as Settings;
}

export function validDisplayMode(v: unknown): DisplayMode {
  return repairSetting('displayMode', v);
}


/**
 * 简体 / 繁體: what a digest shows, converted to Traditional Chinese with OpenCC's own tables
 * (phrases first, then characters, then the regional variants), never character by character.
 * One module for every view (panel, badges, popup, side panel, search results).
 *
 * The tables weigh ~1.1 MB, so they are not bundled into any script: the build copies
 * opencc-js's self-contained module to `/opencc-cn2t.js` (web-accessible) and it is imported
 * the first time 繁體 is chosen. The content script stays small; 简体 readers never load it.
 */
import { browser } from 'wxt/browser';
import type { DigestEntry, KeyNumber } from '../lib/digest/types';
import type { LookupHit } from '../lib/messaging';
import type { ZhScriptSetting } from '../storage/settings';

export type { ZhScriptSetting };

export type ZhScript = Exclude<ZhScriptSetting, 'auto'>;

/** Where the converter module is, inside the built extension. */
export const OPENCC_MODULE = '/opencc-cn2t.js';

/** zh-TW / zh-Hant → Taiwan, zh-HK / zh-MO → Hong Kong, anything else Simplified. */
export function scriptForLanguage(lang: string | undefined): ZhScript {
  const l = (lang ?? '').toLowerCase().replace('_', '-');
  if (/^zh-(hk|mo)\b|^zh-hant-(hk|mo)\b/.test(l)) return 'hk';
  if (/^zh-(tw|hant)\b/.test(l)) return 'tw';
  return 'hans';
}

export function resolveScript(setting: ZhScriptSetting, lang: string | undefined = browserLanguage()): ZhScript {
  return setting === 'auto' ? scriptForLanguage(lang) : setting;
}

function browserLanguage(): string | undefined {
  try {
    return browser.i18n?.getUILanguage?.() || globalThis.navigator?.language;
  } catch {
    return globalThis.navigator?.language;
  }
}

export type Convert = (text: string) => string;

interface OpenCCModule {
  Converter(options: { from: string; to: string }): Convert;
}

/** Imports the web-accessible copy of opencc-js (works in content scripts and extension pages). */
function loadFromExtension(): Promise<OpenCCModule> {
  return import(/* @vite-ignore */ browser.runtime.getURL(OPENCC_MODULE as '/')) as Promise<OpenCCModule>;
}

const converters = new Map<ZhScript, Promise<Convert | null>>();

/**
 * The converter for a script, loaded once; null for 简体 (nothing to do). Taiwan uses OpenCC's
 * `s2twp` (Taiwan phrases: 软件 → 軟體), Hong Kong its `s2hk`.
 */
export function converterFor(script: ZhScript, load: () => Promise<OpenCCModule> = loadFromExtension): Promise<Convert | null> {
  if (script === 'hans') return Promise.resolve(null);
  let c = converters.get(script);
  if (!c) {
    c = load().then((m) => m.Converter({ from: 'cn', to: script === 'tw' ? 'twp' : 'hk' }));
    // A failed load is not kept: the next view asks again.
    c.catch(() => converters.delete(script));
    converters.set(script, c);
  }
  return c;
}

/**
 * The entry in the other script. The summary is converted piece by piece between its key
 * numbers, so that each number's offsets still mark it (a phrase may change length: U盘 → 隨身碟).
 */
export function convertEntry(entry: DigestEntry, convert: Convert): DigestEntry {
  const text = entry.summaryZh;
  const sorted = [...entry.keyNumbers].sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  const moved = new Map<KeyNumber, { start: number; end: number }>();
  for (const k of sorted) {
    if (k.start < at || k.end > text.length || k.end < k.start) continue; // overlapping or out of range: keep as is
    out += convert(text.slice(at, k.start));
    const start = out.length;
    out += convert(text.slice(k.start, k.end));
    moved.set(k, { start, end: out.length });
    at = k.end;
  }
  out += convert(text.slice(at));
  const keyNumbers = entry.keyNumbers.map((k) => {
    const pos = moved.get(k);
    const c: KeyNumber = { ...k, text: convert(k.text), label: convert(k.label), sentence: convert(k.sentence), ...(pos ?? {}) };
    if (k.display !== undefined) c.display = convert(k.display);
    if (k.unit) c.unit = convert(k.unit);
    return c;
  });
  return { ...entry, titleZh: convert(entry.titleZh), summaryZh: out, keyNumbers };
}

export function convertHit(hit: LookupHit, convert: Convert | null): LookupHit {
  return convert ? { ...hit, entry: convertEntry(hit.entry, convert) } : hit;
}

/** The `lang` attribute for Chinese text in a script. */
export function zhLang(script: ZhScript): string {
  return script === 'hans' ? 'zh-CN' : script === 'tw' ? 'zh-TW' : 'zh-HK';
}

/**
 * The UI language of an end-to-end run, and that language's own words. Each Playwright project
 * (playwright.config.ts) starts Chromium in one UI language on purpose — with chromium-l10n
 * installed, Chromium's language (and so the extension's `_locales`) follows LANGUAGE — and the
 * tests assert the words of that language, read from the extension's own messages.json.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type UiLang = 'zh-CN' | 'en';

interface Message {
  message: string;
  placeholders?: Record<string, { content: string }>;
}

const cache = new Map<UiLang, Record<string, Message>>();

function messages(lang: UiLang): Record<string, Message> {
  let m = cache.get(lang);
  if (!m) {
    const dir = lang === 'zh-CN' ? 'zh_CN' : 'en';
    m = JSON.parse(readFileSync(join(import.meta.dirname, '../../public/_locales', dir, 'messages.json'), 'utf8')) as Record<string, Message>;
    cache.set(lang, m);
  }
  return m;
}

/**
 * A message as `browser.i18n.getMessage` words it (named placeholders, `$1`…), with the `<key>_one`
 * form when the first number given is 1, as components/i18n.ts does. Throws on an unknown key, so
 * a test cannot pass by matching a key name shown as text.
 */
export function wordsOf(lang: UiLang) {
  return (key: string, ...subs: Array<string | number>): string => {
    const all = messages(lang);
    const count = subs.find((s): s is number => typeof s === 'number');
    const m = (count === 1 && all[`${key}_one`]) || all[key];
    if (!m) throw new Error(`no message "${key}" in ${lang}`);
    const positional = (s: string) => s.replace(/\$(\d)/g, (_, n: string) => String(subs[Number(n) - 1] ?? ''));
    return m.message
      .replace(/\$([A-Za-z0-9_]+)\$/g, (_, name: string) => positional(m.placeholders?.[name.toLowerCase()]?.content ?? m.placeholders?.[name]?.content ?? ''))
      .replace(/\$\$/g, '$');
  };
}

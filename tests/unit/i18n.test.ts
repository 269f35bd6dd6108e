/**
 * Every reason the background reports and every parse-warning code has its wording in both
 * languages, with every parameter it is given, in that language only.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WARNING_CODES } from '../../lib/digest/types';
import { ERROR_REASONS } from '../../lib/messaging';
import { errorCodeKey, errorKey, fill, warningKey } from '../../components/i18n';

const root = join(import.meta.dirname, '../..');
const load = (lang: string) => JSON.parse(readFileSync(join(root, `public/_locales/${lang}/messages.json`), 'utf8')) as Record<string, { message: string }>;
const LANGS = { zh_CN: load('zh_CN'), en: load('en') };

const REASONS: readonly string[] = ERROR_REASONS;
const WARNINGS: readonly string[] = WARNING_CODES;
const CODES = ['bad-message', 'forbidden', 'invalid-digest', 'quota', 'not-found', 'network', 'permission', 'internal'];

const CJK = /[\u3400-\u9fff]/;

function checkWording(lang: keyof typeof LANGS, key: string) {
  const m = LANGS[lang][key]?.message;
  expect(m, `${lang} has no message "${key}"`).toBeTruthy();
  // Each parameter filled with a value marked «…», which the language check then leaves out.
  const names = [...m!.matchAll(/\{(\w+)\}/g)].map((x) => x[1]);
  const worded = fill(m!, Object.fromEntries(names.map((n) => [n, `«${n}»`])));
  expect(worded, `${lang} "${key}" leaves a placeholder unfilled`).not.toMatch(/\{\w+\}/);
  // The Chinese sentence is Chinese; the English one has no Chinese (params aside).
  const bare = worded.replace(/«[^»]*»/g, '');
  if (lang === 'zh_CN') expect(bare, `zh_CN "${key}"`).toMatch(CJK);
  else expect(bare, `en "${key}"`).not.toMatch(CJK);
}

describe('wording of what the background and the parsers report', () => {
  for (const lang of ['zh_CN', 'en'] as const) {
    it(`every error reason in ${lang}`, () => {
      expect(REASONS.length).toBeGreaterThan(10);
      for (const r of REASONS) checkWording(lang, errorKey(r));
    });
    it(`every error code in ${lang} (when a reply has no reason)`, () => {
      for (const c of CODES) checkWording(lang, errorCodeKey(c));
    });
    it(`every parse-warning code in ${lang}`, () => {
      for (const w of WARNINGS) checkWording(lang, warningKey(w));
      checkWording(lang, 'warn_unknown');
    });
  }

  it('uses each parameter a reason names, in both languages', () => {
    // The parameters each reason is sent with, as lib/messaging.ts lists them beside ERROR_REASONS.
    const src = readFileSync(join(root, 'lib/messaging.ts'), 'utf8');
    for (const r of REASONS) {
      const comment = new RegExp(`'${r}',\\s*//\\s*([^\\n]*)`).exec(src)?.[1] ?? '';
      const named = (/^([\w, ]+?)(?::|$)/.exec(comment)?.[1] ?? '').split(',').map((s) => s.trim()).filter((s) => /^[a-z][A-Za-z]*$/.test(s) && !['only', 'the'].includes(s));
      for (const lang of ['zh_CN', 'en'] as const) {
        const m = LANGS[lang][errorKey(r)].message;
        // A digest's or subscription's internal id means nothing to a reader.
        for (const p of named.filter((n) => !(n === 'id' && r.startsWith('unknown-')))) expect(m, `${lang} ${errorKey(r)} does not say {${p}}`).toContain(`{${p}}`);
      }
    }
  });

  it('uses each parameter a warning code names, in both languages', () => {
    const src = readFileSync(join(root, 'lib/digest/types.ts'), 'utf8');
    for (const w of WARNINGS) {
      const comment = new RegExp(`'${w}',\\s*//\\s*([^\\n]*)`).exec(src)?.[1] ?? '';
      const named = (/^([\w, ]+?)(?::|$)/.exec(comment)?.[1] ?? '').split(',').map((s) => s.trim()).filter((s) => /^[a-z][A-Za-z]*$/.test(s));
      // 'error' is the parser's own English text: the wording stands without it.
      for (const lang of ['zh_CN', 'en'] as const) for (const p of named.filter((n) => n !== 'error')) expect(LANGS[lang][warningKey(w)].message, `${lang} ${warningKey(w)} does not say {${p}}`).toContain(`{${p}}`);
    }
  });

  it('fills named parameters in any order and leaves unknown ones visible', () => {
    expect(fill('{host} 返回了错误（HTTP {status}）', { status: 500, host: 'example.com' })).toBe('example.com 返回了错误（HTTP 500）');
    expect(fill('{a} {b}', { a: 1 })).toBe('1 {b}');
  });
});

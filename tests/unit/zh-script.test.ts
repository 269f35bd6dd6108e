import { describe, expect, it } from 'vitest';
import { convertEntry, converterFor, scriptForLanguage } from '../../components/zh-script';
import { extractKeyNumbers } from '../../lib/digest/key-numbers';
import type { DigestEntry } from '../../lib/digest/types';

// The same module the extension imports at run time, from node_modules.
const load = () => import('opencc-js/cn2t') as never;

describe('简体 / 繁體', () => {
  it('defaults from the browser language', () => {
    expect(scriptForLanguage('zh-TW')).toBe('tw');
    expect(scriptForLanguage('zh_TW')).toBe('tw');
    expect(scriptForLanguage('zh-Hant')).toBe('tw');
    expect(scriptForLanguage('zh-HK')).toBe('hk');
    expect(scriptForLanguage('zh-MO')).toBe('hk');
    expect(scriptForLanguage('zh-CN')).toBe('hans');
    expect(scriptForLanguage('en-US')).toBe('hans');
    expect(scriptForLanguage(undefined)).toBe('hans');
  });

  it('uses OpenCC phrase tables, Taiwan and Hong Kong apart', async () => {
    const tw = (await converterFor('tw', load))!;
    const hk = (await converterFor('hk', load))!;
    expect(await converterFor('hans', load)).toBeNull();
    // Phrases, not characters: 软件 → 軟體 (Taiwan), 軟件 (Hong Kong); 内存 → 記憶體 / 內存.
    expect(tw('新的软件方法，内存开销')).toBe('新的軟體方法，記憶體開銷');
    expect(hk('新的软件方法，内存开销')).toBe('新的軟件方法，內存開銷');
  }, 30_000); // building the phrase tries takes seconds on a busy machine

  it('keeps every key number marked where it stands when phrases change length', async () => {
    const tw = (await converterFor('tw', load))!;
    const summaryZh = '我们用U盘保存模型，内存仅需 3.1 GB，准确率提升了 42.6%。';
    const entry: DigestEntry = { arxivId: '2401.00001', version: null, titleEn: 'T', titleZh: '软件测试', summaryZh, keyNumbers: extractKeyNumbers(summaryZh) };
    expect(entry.keyNumbers.length).toBeGreaterThan(1);
    const out = convertEntry(entry, tw);
    expect(out.titleZh).toBe('軟體測試');
    expect(out.summaryZh).toContain('隨身碟');
    expect(out.summaryZh.length).not.toBe(summaryZh.length);
    for (const k of out.keyNumbers) expect(out.summaryZh.slice(k.start, k.end)).toBe(k.text);
    expect(out.keyNumbers.map((k) => k.text)).toEqual(entry.keyNumbers.map((k) => k.text));
    expect(out.keyNumbers.every((k) => !/[们内准确]/.test(k.sentence + k.label))).toBe(true);
  }, 30_000);
});

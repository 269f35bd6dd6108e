/**
 * Bad input that must break nothing but itself: many numbers in one sentence, endless sentences,
 * deep nesting, bad versions, odd encodings. Correctness only; how long each takes is measured
 * by `npm run bench -- --only=core`, not asserted here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatArxivId, parseArxivId } from '../../lib/arxiv/ids';
import { decodeDigestWithEncoding, DigestError, MAX_KEY_NUMBERS, MAX_SUMMARY_CHARS, parseDigest } from '../../lib/digest/parse';
import { WARNING_CODES } from '../../lib/digest/types';

const FIXTURES = join(import.meta.dirname, '../fixtures');
const section = (body: string, id = '2410.00531') => `## Title\n[中文标题](https://arxiv.org/abs/${id})\n\n${body}\n`;

describe('an entry carries a bounded amount', () => {
  it('a sentence of 2,000 numbers: at most MAX_KEY_NUMBERS, each with a short sentence', () => {
    const summary = Array.from({ length: 2000 }, () => '准确率为 10.0%').join('，') + '。';
    const { entries } = parseDigest(section(summary));
    const [e] = entries;
    expect(e.keyNumbers.length).toBeLessThanOrEqual(MAX_KEY_NUMBERS);
    expect(e.keyNumbers.length).toBeGreaterThan(0);
    for (const k of e.keyNumbers) {
      expect(e.summaryZh.slice(k.start, k.end)).toBe(k.text);
      expect(k.sentence.length).toBeLessThanOrEqual(700);
    }
    // What a look-up sends for it stays small whatever the digest holds.
    expect(JSON.stringify(e).length).toBeLessThan(3 * MAX_SUMMARY_CHARS + 20_000);
  });

  it('a summary over the limit is cut at a sentence end with an ellipsis and a warning, the digest still imports', () => {
    const long = '这是一句很长的中文摘要内容，用来测试截断。'.repeat(1000);
    const { entries, warnings } = parseDigest(section(long) + section('另一篇论文的摘要，提升了 12.5%。', '2410.01215'));
    expect(entries).toHaveLength(2);
    const [e] = entries;
    expect(e.summaryZh.length).toBeLessThanOrEqual(MAX_SUMMARY_CHARS + 1);
    expect(e.summaryZh.endsWith('。…')).toBe(true);
    expect(warnings).toEqual([expect.objectContaining({ line: 1, code: 'summary-truncated', params: expect.objectContaining({ id: '2410.00531', max: MAX_SUMMARY_CHARS }) })]);
  });

  it('one 256 KB sentence of numbers and 1 MB of short sentences parse, offsets right', () => {
    const one = Array.from({ length: 30_000 }, (_, i) => `${i % 97}.5%`).join(' ');
    const short = Array.from({ length: 40_000 }, (_, i) => `提升 ${i % 50}.5%。`).join('');
    for (const body of [one, short]) {
      const { entries } = parseDigest(section(body));
      expect(entries).toHaveLength(1);
      for (const k of entries[0].keyNumbers) expect(entries[0].summaryZh.slice(k.start, k.end)).toBe(k.text);
    }
  });
});

describe('deep nesting is a warning with its line, not a failed import', () => {
  it.each([
    ['quotes', '> '.repeat(2000) + '深层引用里的中文摘要文字。'],
    ['lists', '- '.repeat(1000) + '深层列表里的中文摘要文字。'],
    ['numbered lists', '1. '.repeat(1000) + '深层列表里的中文摘要文字。'],
  ])('%s', (_, deep) => {
    const text = section('第一篇论文的中文摘要，延迟降低了 30%。') + `\n## Deep\n[深层](https://arxiv.org/abs/2410.01215)\n\n${deep}\n` + section('第三篇论文的中文摘要内容。', '2409.18869');
    const { entries, warnings } = parseDigest(text);
    expect(entries.map((e) => e.arxivId).sort()).toEqual(['2409.18869', '2410.00531', '2410.01215']);
    expect(warnings).toEqual([expect.objectContaining({ line: 9, code: 'nesting-too-deep' })]);
    expect(entries.find((e) => e.arxivId === '2410.01215')!.summaryZh).toContain('深层');
  });
});

describe('versions are positive whole numbers', () => {
  it.each([[-1], [0], [1.5], ['2']])('version %s in an export is dropped with a warning', (version) => {
    const text = JSON.stringify({ format: 'arxiv-digest', version: 1, exportedAt: '', entries: [{ arxivId: '2410.00531', version, titleEn: 'T', titleZh: '标题', summaryZh: '中文摘要内容。' }] });
    const { entries, warnings } = parseDigest(text);
    expect(entries[0].version).toBeNull();
    expect(warnings).toEqual([expect.objectContaining({ code: 'bad-version', params: { id: '2410.00531', version: String(version) } })]);
  });

  it('a v0 id names no version, and ids round-trip', () => {
    expect(parseArxivId('https://arxiv.org/abs/2410.00531v0')).toEqual({ id: '2410.00531', version: null });
    for (const s of ['2410.00531', '2410.00531v3', 'hep-th/9901001v2']) expect(formatArxivId(parseArxivId(s)!)).toBe(s);
  });
});

describe('encodings', () => {
  it('reads a GB18030 file (what Windows Notepad saves) and says so', () => {
    const bytes = readFileSync(join(FIXTURES, 'digests/default_gb18030.md'));
    const { text, encoding } = decodeDigestWithEncoding(bytes);
    expect(encoding).toBe('gb18030');
    expect(text).toBe(readFileSync(join(import.meta.dirname, '../../digests/default.md'), 'utf8'));
  });

  it('reads UTF-16 with its byte-order mark, and UTF-8 with or without one', () => {
    const s = section('中文摘要，提升了 12%。');
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')]);
    expect(decodeDigestWithEncoding(le)).toEqual({ text: s, encoding: 'utf-16le' });
    const be = Buffer.from(le.subarray(2)).swap16();
    expect(decodeDigestWithEncoding(Buffer.concat([Buffer.from([0xfe, 0xff]), be]))).toEqual({ text: s, encoding: 'utf-16be' });
    expect(decodeDigestWithEncoding(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(s)]))).toEqual({ text: s, encoding: 'utf-8' });
    expect(decodeDigestWithEncoding(Buffer.from(s))).toEqual({ text: s, encoding: 'utf-8' });
  });

  it('refuses Latin-1 rather than showing it as Chinese mojibake', () => {
    expect(() => decodeDigestWithEncoding(Buffer.from([0x23, 0x20, 0xe9, 0x74, 0xe9, 0x0a]))).toThrow(DigestError);
    expect(() => decodeDigestWithEncoding(Buffer.from([0x23, 0x20, 0xe9, 0x74, 0xe9, 0x0a]))).toThrow(/not UTF-8/);
  });
});

it('every warning has a code from WARNING_CODES', () => {
  const text = section('') + '\n## 无链接\n\n没有论文链接的中文段落。\n' + '\n## D\n[d](https://arxiv.org/abs/2410.01215)\n\n' + '> '.repeat(100) + '中文摘要。\n';
  const { warnings } = parseDigest(text);
  expect(warnings.length).toBeGreaterThan(1);
  for (const w of warnings) expect(WARNING_CODES).toContain(w.code);
});

/**
 * Bad input that must break nothing but itself: many numbers in one sentence, endless sentences,
 * deep nesting, markdown the parser is slow on, too many warnings, bad versions, odd encodings.
 * Correctness only; how long each takes is measured by `npm run bench -- --only=core,fuzz`, not
 * asserted here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatArxivId, parseArxivId } from '../../lib/arxiv/ids';
import { decodeDigestWithEncoding, DigestError, MAX_KEY_NUMBERS, MAX_SUMMARY_CHARS, MAX_WARNINGS, parseDigest } from '../../lib/digest/parse';
import { parseInSlices } from '../../background/parse-slices';
import { WARNING_CODES, type DigestWarning } from '../../lib/digest/types';
import { guardMarkdown, MAX_BLOCK_CHARS, MAX_LINES, MAX_MARKERS } from '../../lib/digest/markdown-guard';

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
    // A correctness test on a loaded machine: the time it takes is measured by the benchmark.
  }, 60_000);
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

describe('markdown the parser is slow on is bounded before it sees it', () => {
  const three = (middle: string) => section('第一篇论文的中文摘要，延迟降低了 30%。') + `\n## Hostile\n[敌意的标题](https://arxiv.org/abs/2410.01215)\n\n${middle}\n\n` + section('第三篇论文的中文摘要内容。', '2409.18869');
  const ids = (text: string) => parseDigest(text).entries.map((e) => e.arxivId).sort();

  it.each([
    ['*[ ×3000', '中文摘要内容。' + '*['.repeat(3000)],
    ['*a  ×2000 then  a* ×2000', '中文摘要内容。' + '*a '.repeat(2000) + ' a*'.repeat(2000)],
    ['[ ×2000 then ](x) ×2000', '中文摘要内容。' + '['.repeat(2000) + '](x)'.repeat(2000)],
    ['~~a  ×2000 then  a~~ ×2000', '中文摘要内容。' + '~~a '.repeat(2000) + ' a~~'.repeat(2000)],
  ])('%s: the paragraph is read as its plain text, with a warning on its line', (_, middle) => {
    const text = three(middle);
    const { entries, warnings } = parseDigest(text);
    expect(entries.map((e) => e.arxivId).sort()).toEqual(['2409.18869', '2410.00531', '2410.01215']);
    // (The summary is also cut at MAX_SUMMARY_CHARS: that warning is the entry's, on its heading's line.)
    expect(warnings.filter((w) => w.code !== 'summary-truncated')).toEqual([expect.objectContaining({ line: 9, code: 'markup-too-dense', params: expect.objectContaining({ max: MAX_MARKERS }) })]);
    // Nothing lost, nothing interpreted: the markers are in the summary as written (up to its cut).
    const hostile = entries.find((e) => e.arxivId === '2410.01215')!;
    expect(hostile.summaryZh.startsWith(middle.slice(0, 200))).toBe(true);
  });

  it('the lines before the one that passes the limit keep their markup: the paper link of the same paragraph still counts', () => {
    const text = section('第一篇。') + `\n## Hostile\n[敌意的标题](https://arxiv.org/abs/2410.01215)\n摘要：中文摘要内容${'*['.repeat(1000)}\n`;
    const { entries, warnings } = parseDigest(text);
    expect(entries.find((e) => e.arxivId === '2410.01215')?.titleZh).toBe('敌意的标题');
    expect(warnings).toEqual([expect.objectContaining({ line: 8, code: 'markup-too-dense' })]);
  });

  it('a 1.2 MB single line is cut to MAX_BLOCK_CHARS with a warning on its line', () => {
    const text = three('中文摘要内容，准确率为 10.0%。'.repeat(60_000));
    const { entries, warnings } = parseDigest(text);
    expect(entries).toHaveLength(3);
    expect(warnings.map((w) => [w.line, w.code])).toEqual([
      [6, 'summary-truncated'],
      [9, 'block-too-long'],
    ]);
    expect(warnings[1].params).toEqual(expect.objectContaining({ max: MAX_BLOCK_CHARS }));
  });

  it('a paragraph of 60,000 lines is cut the same way', () => {
    const { entries, warnings } = parseDigest(three('中文摘要内容，准确率为 10.0%。\n'.repeat(60_000)));
    expect(entries).toHaveLength(3);
    expect(warnings.map((w) => [w.line, w.code])).toEqual([
      [6, 'summary-truncated'],
      [9, 'block-too-long'],
    ]);
  });

  it('a table of 3,000 rows, read 100 rows at a time, keeps every row and its line', () => {
    const rows = Array.from({ length: 3000 }, (_, i) => `| [表格第 ${i} 篇](https://arxiv.org/abs/2501.${10000 + i}) | 表格里的中文摘要，提升了 ${i % 90}.5%。 |`);
    const text = `| 论文 | 摘要 |\n|---|---|\n${rows.join('\n')}\n\n${section('表格后面的一节。')}`;
    const { entries, warnings } = parseDigest(text);
    expect(warnings).toEqual([]);
    expect(entries).toHaveLength(3001);
    expect(entries[2999]).toEqual(expect.objectContaining({ arxivId: '2501.12999', titleZh: '表格第 2999 篇', summaryZh: '表格里的中文摘要，提升了 29.5%。' }));
    // Lines survive the cuts: the row of a paper with no summary is warned about at its own line.
    const bad = text.replace('| [表格第 2500 篇](https://arxiv.org/abs/2501.12500) | 表格里的中文摘要，提升了 70.5%。 |', '| [表格第 2500 篇](https://arxiv.org/abs/2501.12500) | no Chinese |');
    expect(parseDigest(bad).entries.find((e) => e.arxivId === '2501.12500')?.summaryZh).toBe('');
  });

  it('a table row with too many markers has its cells read as text', () => {
    const text = `| 论文 | 摘要 |\n|---|---|\n| [表格的标题](https://arxiv.org/abs/2501.10000) | 中文摘要${'*['.repeat(500)} |\n| [第二行](https://arxiv.org/abs/2501.10001) | 第二行的中文摘要。 |\n`;
    const { entries, warnings } = parseDigest(text);
    expect(entries.map((e) => e.arxivId)).toEqual(['2501.10000', '2501.10001']);
    expect(entries[0].summaryZh).toContain('中文摘要*[*[');
    expect(warnings).toEqual([expect.objectContaining({ line: 3, code: 'markup-too-dense' })]);
  });

  it('4,000 setext headings (read 32 to a chunk) are 4,000 entries, each at its line', () => {
    const text = Array.from({ length: 4000 }, (_, i) => `Paper ${i}\n=====\n\n[中文标题 ${i}](https://arxiv.org/abs/2501.${10000 + i})\n\n中文摘要内容，提升了 ${i % 90}.5%。\n`).join('\n');
    const { entries, warnings } = parseDigest(text);
    expect(warnings).toEqual([]);
    expect(entries).toHaveLength(4000);
    expect(entries[3999]).toEqual(expect.objectContaining({ arxivId: '2501.13999', titleZh: '中文标题 3999', titleEn: 'Paper 3999' }));
    // A section with no link, deep in the file, is warned about at its own line.
    const broken = text.replace('[中文标题 3000](https://arxiv.org/abs/2501.13000)', '没有链接的中文标题');
    const w = parseDigest(broken).warnings;
    expect(w).toEqual([expect.objectContaining({ code: 'section-no-link', line: 3000 * 7 + 1 })]);
  });

  it('past MAX_LINES non-blank lines the rest of the file is skipped, with a warning at the first line skipped', () => {
    // The guard alone (what the parser would be handed): parsing 500,000 headings is the benchmark's job.
    const lines = Array.from({ length: MAX_LINES + 10 }, (_, i) => (i % 2 ? '' : `## ${i}`)).concat(Array.from({ length: MAX_LINES }, (_, i) => `## ${i}`));
    const warnings: DigestWarning[] = [];
    const chunks = guardMarkdown(lines, warnings);
    const kept = chunks.flatMap((c) => c.lines);
    expect(kept.filter((i) => lines[i]).length).toBe(MAX_LINES);
    // Blank lines do not count: the first skipped line is the MAX_LINES + 1st heading.
    const firstSkipped = MAX_LINES + 10 + MAX_LINES / 2 - 5;
    expect(warnings).toEqual([expect.objectContaining({ code: 'too-many-lines', line: firstSkipped + 1, params: { max: MAX_LINES } })]);
    expect(kept[kept.length - 1]).toBe(firstSkipped - 1);
    // Each chunk maps its lines to the file's, in order, none twice.
    expect(kept).toEqual([...kept].sort((a, b) => a - b));
    expect(new Set(kept).size).toBe(kept.length);
  });

  it('sections inside a long HTML comment stay hidden however long it is', () => {
    const hidden = '## 隐藏\n[隐藏的标题](https://arxiv.org/abs/2501.99999)\n\n隐藏的中文摘要内容。\n\n'.repeat(2000);
    expect(ids(`${section('第一篇。')}\n<!--\n${hidden}-->\n\n${section('最后一篇。', '2409.18869')}`)).toEqual(['2409.18869', '2410.00531']);
  });

  it('a fence is never cut: headings inside a long code block stay code', () => {
    const code = '## 代码里的标题\n[代码](https://arxiv.org/abs/2501.99999)\n\n代码里的中文内容。\n\n'.repeat(2000);
    expect(ids(`${section('第一篇。')}\n\`\`\`\n${code}\`\`\`\n\n${section('最后一篇。', '2409.18869')}`)).toEqual(['2409.18869', '2410.00531']);
  });

  it('CRLF and lone CR line endings are lines too', () => {
    const crlf = (section('第一篇论文的中文摘要。') + '\n' + section('第二篇论文的中文摘要。', '2409.18869')).replace(/\n/g, '\r\n');
    expect(ids(crlf)).toEqual(['2409.18869', '2410.00531']);
    expect(ids(crlf.replace(/\r\n/g, '\r'))).toEqual(['2409.18869', '2410.00531']);
    // A big file with lone CRs is many lines, not one line over MAX_BLOCK_CHARS.
    const many = Array.from({ length: 3000 }, (_, i) => section(`第 ${i} 篇论文的中文摘要。`, `2501.${10000 + i}`)).join('\n');
    expect(ids(many.replace(/\n/g, '\r'))).toHaveLength(3000);
  });
});

describe('warnings are bounded too', () => {
  it('3,000 bad sections: MAX_WARNINGS kept, the last counting the rest from its line', async () => {
    const bad = Array.from({ length: 3000 }, (_, i) => `## Paper ${i}\n[Title](https://arxiv.org/abs/2501.${10000 + i})\n\nEnglish only.\n`).join('\n');
    const text = section('唯一一篇有中文摘要的论文。') + '\n' + bad;
    for (const parsed of [parseDigest(text), await parseInSlices(text)]) {
      expect(parsed.entries.map((e) => e.arxivId)).toEqual(['2410.00531']);
      expect(parsed.warnings).toHaveLength(MAX_WARNINGS);
      const last = parsed.warnings[MAX_WARNINGS - 1];
      // Sections are 5 lines apart from line 6: the 1,000th (index 999) starts at line 6 + 999 * 5.
      expect(last).toEqual(expect.objectContaining({ code: 'more-warnings', line: 6 + 999 * 5, params: { count: 3000 - 999, skipped: 3000 - 999 } }));
      expect(parsed.warnings.slice(0, -1).every((w) => w.code === 'section-no-chinese')).toBe(true);
    }
  });

  it('JSON Lines parsed in slices are capped the same way', async () => {
    const text = Array.from({ length: 1500 }, (_, i) => (i === 0 ? JSON.stringify({ id: '2410.00531', AI: { tldr: '中文摘要。' } }) : `{not json ${i}`)).join('\n');
    const parsed = await parseInSlices(text);
    expect(parsed.entries).toHaveLength(1);
    expect(parsed.warnings).toHaveLength(MAX_WARNINGS);
    expect(parsed.warnings[MAX_WARNINGS - 1]).toEqual(expect.objectContaining({ code: 'more-warnings', line: MAX_WARNINGS + 1, params: { count: 1499 - 999, skipped: 1499 - 999 } }));
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

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDigest } from '../../lib/digest/parse';
import type { DigestEntry } from '../../lib/digest/types';
import { blockOf, blockRows, entriesOf, entryAt } from '../../storage/blocks';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
const byId = (a: DigestEntry, b: DigestEntry) => (a.arxivId < b.arxivId ? -1 : 1);

describe('blocks', () => {
  it('groups neighbouring ids, one row per block of one digest', () => {
    expect(blockOf('2409.18869')).toBe('2409.188');
    expect(blockOf('0704.0001')).toBe('0704.00');
    expect(blockOf('hep-th/9901001')).toBe('hep-th/99010');
    const entry = (arxivId: string): DigestEntry => ({ arxivId, version: null, titleEn: 'T', titleZh: '题', summaryZh: '摘要。', keyNumbers: [] });
    const rows = blockRows(7, ['2409.18899', '2409.18800', '2409.18900', 'hep-th/9901001'].map(entry));
    expect(rows.map((r) => [r.sourceId, r.block, r.ids])).toEqual([
      [7, '2409.188', ['2409.18800', '2409.18899']],
      [7, '2409.189', ['2409.18900']],
      [7, 'hep-th/99010', ['hep-th/9901001']],
    ]);
  });

  it('gives back every entry exactly, key numbers with their text and sentence', () => {
    const entries = [...parseDigest(readFileSync(new URL('../../digests/default.md', import.meta.url), 'utf8')).entries, ...parseDigest(fixture('digests/hf-newsletter-cn_2025-01-09_HF_deepseek_clean.json')).entries];
    expect(entries.some((e) => e.keyNumbers.length > 2)).toBe(true);
    const rows = blockRows(1, entries);
    expect(rows.flatMap(entriesOf).sort(byId)).toEqual([...entries].sort(byId));
    const tpi = rows.find((r) => r.ids.includes('2410.00531'))!;
    expect(entryAt(tpi, tpi.ids.indexOf('2410.00531'))).toEqual(entries.find((e) => e.arxivId === '2410.00531'));
  });

  it('keeps a key number whose text or sentence is not a slice of the summary as it is', () => {
    const odd: DigestEntry = {
      arxivId: '2501.00001',
      version: 2,
      titleEn: 'Odd',
      titleZh: '奇怪',
      summaryZh: '准确率提高了 12.5%。',
      keyNumbers: [
        { text: '12.5%', start: 7, end: 12, value: 12.5, unit: '%', label: '准确率提高', sentence: '准确率提高了 12.5%。' },
        { text: '12.5 %', start: 7, end: 12, value: 12.5, unit: '%', label: '别处', sentence: '另一个句子。' },
      ],
    };
    expect(entriesOf(blockRows(1, [odd])[0])).toEqual([odd]);
  });
});

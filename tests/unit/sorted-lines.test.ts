import { describe, expect, it } from 'vitest';
import { SortedIds, sortedLinesHas } from '../../lib/sorted-lines';

describe('sortedLinesHas', () => {
  const ids = ['2409.18869', '2409.17692', 'hep-th/9901001', '2410.00531', '0704.0001', 'chao-dyn/9510015', '2501.10000'].sort();
  const list = ids.join('\n');

  it('finds every line and nothing else', () => {
    for (const id of ids) expect(sortedLinesHas(list, id)).toBe(true);
    for (const id of ['2409.1886', '2409.188690', '0000.0000', 'zzz', '', '2410.00532', 'hep-th/9901002']) expect(sortedLinesHas(list, id)).toBe(false);
  });

  it('agrees with a Set over many generated ids', () => {
    const many = Array.from({ length: 5000 }, (_, i) => `25${String(1 + (i % 12)).padStart(2, '0')}.${String(10000 + i * 7)}`);
    const sorted = [...new Set(many)].sort();
    const text = sorted.join('\n');
    const set = new Set(sorted);
    for (let i = 0; i < 3000; i++) {
      const probe = `25${String(1 + (i % 12)).padStart(2, '0')}.${String(10000 + i * 5)}`;
      expect(sortedLinesHas(text, probe)).toBe(set.has(probe));
    }
    expect(sortedLinesHas('', 'x')).toBe(false);
    expect(sortedLinesHas('only', 'only')).toBe(true);
  });
});

describe('SortedIds', () => {
  it('answers like the list it reads, for one month of new-style ids (as bits) and for any other list', () => {
    const month = Array.from({ length: 3000 }, (_, i) => `2409.${String(i * 31).padStart(5, '0')}`).sort();
    const eraOf2007 = ['0704.0001', '0704.0002', '0704.9999'];
    const mixed = ['2409.18869', 'hep-th/9901001', '2410.00531'].sort();
    const widths = ['2409.01234', '2409.1235'];
    for (const ids of [month, eraOf2007, mixed, widths, ['2409.18869']]) {
      const list = new SortedIds(ids.join('\n'));
      const set = new Set(ids);
      const probes = [...ids, '2409.00001', '2409.18868', '2410.00000', '2409.0', '2409.123456', '2409.1886a', '2409.1234', '2409.01234', 'hep-th/9901002', '0704.0003', '', 'x'];
      for (const id of probes) expect(list.has(id)).toBe(set.has(id));
    }
  });
});

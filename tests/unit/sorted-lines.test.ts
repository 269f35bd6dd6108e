import { describe, expect, it } from 'vitest';
import { sortedLinesHas } from '../../lib/sorted-lines';

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

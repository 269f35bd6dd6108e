import { describe, expect, it } from 'vitest';
import { monthBitsOf, SortedIds, sortedLinesHas } from '../../lib/sorted-lines';

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

describe('a month of ids as a bitset (the coverage answer)', () => {
  it('answers like the list it was made from, in a fraction of its size; other lists are not packed', () => {
    // A busy month: ~20,000 of 25,000 numbers, five-digit ids.
    const month = Array.from({ length: 25_000 }, (_, i) => i)
      .filter((i) => i % 5 !== 3)
      .map((i) => `2410.${String(i).padStart(5, '0')}`);
    const text = month.join('\n');
    const packed = monthBitsOf(text)!;
    expect(packed).toMatchObject({ prefix: '2410.', width: 10 });
    expect(packed.base64.length * 50).toBeLessThan(text.length);
    const fromBits = SortedIds.fromBits(packed.prefix, packed.width, packed.base64);
    const set = new Set(month);
    const probes = [...month.slice(0, 500), '2410.00003', '2410.24998', '2410.24999', '2410.25000', '2410.99999', '2410.0001', '2410.000010', '2409.00001', 'hep-th/9901001', '', '2410.0000a'];
    for (const id of probes) expect(fromBits.has(id)).toBe(set.has(id));
    for (const id of month) expect(fromBits.has(id)).toBe(true);
    // The 2007–2014 four-digit numbers too.
    const old = ['0704.0001', '0704.0420', '0704.9999'];
    const oldPacked = monthBitsOf(old.join('\n'))!;
    expect(oldPacked.width).toBe(9);
    const oldIds = SortedIds.fromBits(oldPacked.prefix, oldPacked.width, oldPacked.base64);
    expect(['0704.0001', '0704.0420', '0704.9999', '0704.0002', '0704.00001'].map((id) => oldIds.has(id))).toEqual([true, true, true, false, false]);
    // Old-style ids, mixed widths, an empty list: sent as the ids themselves.
    for (const other of [['chao-dyn/9510015', 'hep-th/9901001'], ['2409.01234', '2409.1235'], []]) expect(monthBitsOf(other.join('\n'))).toBeNull();
  });
});

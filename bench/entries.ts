/** The benchmark's entries: the seed digest's, under made-up ids of months 2501 on. */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseDigest } from '../lib/digest/parse';
import type { DigestEntry } from '../lib/digest/types';

export const seedEntries = parseDigest(readFileSync(join(resolve(import.meta.dirname, '..'), 'digests/default.md'), 'utf8')).entries;

/**
 * n entries made from the seed's, under new ids (2501.10000 on), `step` numbers apart: 90,000
 * numbers a month, so offset 250,000 is 2503.80000 and 700,000 is 2508.80000.
 */
export function makeEntries(n: number, offset = 0, step = 1): DigestEntry[] {
  return Array.from({ length: n }, (_, i) => {
    const e = seedEntries[i % seedEntries.length];
    const k = offset + i * step;
    const id = `${25 + Math.floor(k / 1_000_000)}${String(1 + Math.floor((k % 1_000_000) / 90_000)).padStart(2, '0')}.${String(10000 + (k % 90_000)).padStart(5, '0')}`;
    return { ...e, arxivId: id };
  });
}

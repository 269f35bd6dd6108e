/** Properties over arbitrary input (fast-check): what must hold for every digest, not only ours. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatArxivId, parseArxivId } from '../../lib/arxiv/ids';
import { extractKeyNumbers } from '../../lib/digest/key-numbers';
import { exportDigest, parseDigest } from '../../lib/digest/parse';

/** Text that looks like a digest's parts often enough to reach the interesting paths. */
const pieces = fc.constantFrom(
  '## ', '### 3. ', '# ', '\n', '\n\n', '> ', '- ', '1. ', '[', '](', ')', 'https://arxiv.org/abs/', '2410.00531', 'v2', '$', '\\sim', '^2',
  '提升了', '降低', '从 58.8% 提升至 90.0%', '80% 以上', '约 3.1 GB', '70B', '1,400 个', '，', '。', '|', '---', '**摘要：**', '{"', '":', '"}', '[^1]: ', '`', '\u202e', '\ud800',
);
const digestish = fc.oneof(fc.string({ maxLength: 400 }), fc.array(fc.oneof(pieces, fc.string({ maxLength: 8 })), { maxLength: 120 }).map((a) => a.join('')));

describe('parsers never throw, and what they give is consistent', () => {
  it('parseDigest on any text: entries with ids and offsets that slice to their text', () => {
    fc.assert(
      fc.property(digestish, (text) => {
        const { entries, warnings } = parseDigest(text);
        for (const w of warnings) expect(w.line).toBeGreaterThanOrEqual(1);
        for (const e of entries) {
          expect(parseArxivId(e.arxivId)?.id).toBe(e.arxivId);
          expect(e.version === null || (Number.isInteger(e.version) && e.version > 0)).toBe(true);
          for (const k of e.keyNumbers) expect(e.summaryZh.slice(k.start, k.end)).toBe(k.text);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('key numbers of any text slice to their text, in order, without overlap', () => {
    fc.assert(
      fc.property(digestish, (text) => {
        let last = -1;
        for (const k of extractKeyNumbers(text)) {
          expect(text.slice(k.start, k.end)).toBe(k.text);
          expect(k.start).toBeGreaterThanOrEqual(last);
          expect(Number.isFinite(k.value)).toBe(true);
          last = k.end;
        }
      }),
      { numRuns: 400 },
    );
  });

  it('the id parser never throws, and a parsed id formats and parses back to itself', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.array(pieces).map((a) => a.join(''))), (text) => {
        const ref = parseArxivId(text);
        if (ref) expect(parseArxivId(formatArxivId(ref))).toEqual(ref);
      }),
    );
    const newId = fc.tuple(// New-style ids began in April 2007 (0704.0001).
      fc.integer({ min: 8, max: 29 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 99999 }), fc.option(fc.integer({ min: 1, max: 40 })));
    fc.assert(
      fc.property(newId, ([yy, mm, n, v]) => {
        const num = String(n).padStart(yy >= 15 ? 5 : 4, '0').slice(-(yy >= 15 ? 5 : 4));
        const id = `${String(yy).padStart(2, '0')}${String(mm).padStart(2, '0')}.${num}`;
        const ref = { id, version: v ?? null };
        expect(parseArxivId(formatArxivId(ref))).toEqual(ref);
      }),
    );
  });

  it('export then import gives the same entries', () => {
    fc.assert(
      fc.property(digestish, (text) => {
        const { entries } = parseDigest(text);
        if (!entries.length) return;
        const back = parseDigest(exportDigest(entries)).entries;
        const strip = (list: typeof entries) => list.map(({ arxivId, version, titleEn, titleZh, summaryZh }) => ({ arxivId, version, titleEn, titleZh, summaryZh }));
        expect(strip(back)).toEqual(strip(entries));
      }),
      { numRuns: 300 },
    );
  });
});

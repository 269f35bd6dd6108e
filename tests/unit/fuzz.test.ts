/**
 * The fuzz corpus (tests/fuzz-corpus.ts) at a medium size: every hostile shape parses without
 * throwing, the valid entries around it are kept, and what was changed or skipped is a warning
 * with a line inside the file. How fast each shape parses is the benchmark's figure
 * (`npm run bench -- --only=fuzz`, at 20 MB), never asserted here.
 */
import { describe, expect, it } from 'vitest';
import { parseDigest } from '../../lib/digest/parse';
import { WARNING_CODES } from '../../lib/digest/types';
import { FIRST, FUZZ_SHAPES, HIDDEN_ID, HOSTILE_ID, LAST } from '../fuzz-corpus';

/** Past every guard but MAX_LINES (a 64 K-character paragraph, 8 K-character chunks, 100-row tables), small enough for a unit test. */
const CHARS = 100_000;

describe('fuzz corpus: hostile shapes break nothing but themselves', () => {
  it.each(FUZZ_SHAPES.map((s) => [s.name, s] as const))('%s', (_, shape) => {
    const text = shape.make(CHARS);
    expect(text.length).toBeGreaterThanOrEqual(CHARS / 2);
    const lineCount = text.split(/\r\n?|\n/).length;
    const { entries, warnings } = parseDigest(text);
    const byId = new Map(entries.map((e) => [e.arxivId, e]));

    expect(byId.get(FIRST.id)?.summaryZh).toContain(FIRST.summary);
    expect(byId.get(FIRST.id)?.titleZh).toBe(FIRST.titleZh);
    if (shape.keepsLast !== false) expect(byId.get(LAST.id)?.summaryZh).toContain(LAST.summary);
    expect(byId.has(HIDDEN_ID)).toBe(false);
    if (shape.hostileEntry) expect(byId.get(HOSTILE_ID)?.titleZh).toBeTruthy();

    for (const w of warnings) {
      expect(WARNING_CODES).toContain(w.code);
      expect(w.line).toBeGreaterThanOrEqual(1);
      expect(w.line).toBeLessThanOrEqual(lineCount);
    }
    for (const code of shape.warns ?? []) expect(warnings.map((w) => w.code)).toContain(code);
    for (const e of entries) {
      expect(e.summaryZh.length).toBeLessThanOrEqual(6001);
      for (const k of e.keyNumbers) expect(e.summaryZh.slice(k.start, k.end)).toBe(k.text);
    }
  });
});

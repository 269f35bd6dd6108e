/** Parsing in slices gives what one parse gives, on the real daily files and with broken lines. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseInSlices } from '../../background/parse-slices';
import { parseDigest, parseDigestSteps } from '../../lib/digest/parse';
import type { DigestEntry } from '../../lib/digest/types';

const day = (name: string) => readFileSync(new URL(`../fixtures/feeds/daily-arxiv-ai-enhanced/data/${name}`, import.meta.url), 'utf8');
const sorted = (entries: DigestEntry[]) => [...entries].sort((a, b) => a.arxivId.localeCompare(b.arxivId));

describe('parseInSlices', () => {
  it('equals one parse on the real daily files', async () => {
    for (const text of [day('2026-06-29_AI_enhanced_Chinese.jsonl'), day('2026-07-01_AI_enhanced_Chinese.jsonl')]) {
      const whole = parseDigest(text);
      const sliced = await parseInSlices(text);
      expect(sliced.entries.length).toBe(whole.entries.length);
      expect(sorted(sliced.entries)).toEqual(sorted(whole.entries));
      expect(sliced.warnings).toEqual(whole.warnings);
    }
  });

  it('a broken line where a slice would begin loses only that line, as one parse does', async () => {
    const lines = day('2026-07-01_AI_enhanced_Chinese.jsonl').split('\n');
    // Lines 41 and 81 cut short (a file truncated in transit, a bad write): each begins a slice of 40.
    lines[40] = lines[40].slice(0, 100);
    lines[80] = lines[80].slice(0, 100);
    const text = lines.join('\n');
    const whole = parseDigest(text);
    const sliced = await parseInSlices(text);
    expect(whole.entries.length).toBe(299);
    expect(sorted(sliced.entries)).toEqual(sorted(whole.entries));
    expect(sliced.warnings.map((w) => w.line)).toEqual(whole.warnings.map((w) => w.line));
  });
});

describe('a markdown digest is parsed in slices too', () => {
  const one = (i: number) => `## Paper ${i}\n[第 ${i} 篇论文](https://arxiv.org/abs/2501.${10000 + i})\n\n${'这篇论文的中文摘要，在基准上准确率提升了 12.5%，延迟降低了 30%。'.repeat(20)}\n`;
  const text = Array.from({ length: 1200 }, (_, i) => one(i)).join('\n');

  it('parseDigestSteps yields after each ~16 KB chunk, and run to its end is parseDigest', () => {
    const steps = parseDigestSteps(text);
    let yields = 0;
    let step = steps.next();
    for (; !step.done; step = steps.next()) yields++;
    expect(step.value).toEqual(parseDigest(text));
    // 1.2 MB of text (UTF-16 units: 16 K each a chunk), at least one step a chunk.
    expect(yields).toBeGreaterThanOrEqual(Math.floor(text.length / (16 * 1024)));
  });

  it('the worker gets turns while a 1.2 MB markdown digest parses, and the result is one parse’s', async () => {
    // A message arriving meanwhile is a task in the queue: count how many get to run before the parse ends.
    let turns = 0;
    let ticking = true;
    const tick = () => {
      turns++;
      if (ticking) setTimeout(tick, 0);
    };
    setTimeout(tick, 0);
    const sliced = await parseInSlices(text);
    ticking = false;
    expect(sliced).toEqual(parseDigest(text));
    expect(sliced.entries).toHaveLength(1200);
    // Parsed whole, the worker would get the two turns around the parse; in slices, one every
    // 12 ms of parsing (1.2 MB takes well over 50 ms on any machine this runs on).
    expect(turns).toBeGreaterThan(2);
  }, 60_000);
});

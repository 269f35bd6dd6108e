/** Parsing in slices gives what one parse gives (real files, broken lines, duplicates), and gives the worker turns meanwhile. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { markdownParts, parseInSlices, WHOLE_BELOW_CHARS } from '../../background/parse-slices';
import { exportDigest, parseDigest } from '../../lib/digest/parse';
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

const fixture = (p: string) => readFileSync(new URL(`../fixtures/${p}`, import.meta.url), 'utf8');
const seed = readFileSync(new URL('../../digests/default.md', import.meta.url), 'utf8');

/** How many turns the event loop got while `run` ran: a look-up waiting in the queue is answered in one. */
async function turnsDuring<T>(run: () => Promise<T>): Promise<{ value: T; turns: number }> {
  let turns = 0;
  let done = false;
  const tick = () => {
    if (done) return;
    turns++;
    setTimeout(tick, 0);
  };
  setTimeout(tick, 0);
  const value = await run();
  done = true;
  return { value, turns };
}

describe('parseInSlices, Markdown and JSON', () => {
  it('reads the real cn-chat-arxiv category file in many parts (its table too), as one parse reads it', async () => {
    const text = fixture('feeds/cn-chat-arxiv/cs.AI.md');
    const parts = markdownParts(text)!;
    expect(parts.length).toBeGreaterThan(40);
    // The table's rows are cut too, each part after the table's header.
    expect(parts.filter((p) => p.head).length).toBeGreaterThan(5);
    const { value: sliced, turns } = await turnsDuring(() => parseInSlices(text));
    expect(sliced).toEqual(parseDigest(text));
    expect(sliced.entries.length).toBe(305);
    // One parse would give the loop no turn until the end.
    expect(turns).toBeGreaterThanOrEqual(parts.length);
  });

  it('equals one parse on the other real Markdown digests', async () => {
    for (const text of [fixture('digests/cn-chat-arxiv_cs.CL_2023-04-05.md'), fixture('digests/hf-newsletter-cn_2025-01-09_daily_paper.md'), seed]) {
      expect(await parseInSlices(text)).toEqual(parseDigest(text));
    }
  });

  it('keeps warnings at their lines, and a paper in two parts is merged (and warned about) as in one parse', async () => {
    // Four copies of the bundled digest, each later one with other summaries, and a section
    // with no link near the end: several parts, a duplicate of every paper across them.
    const copies = [0, 1, 2, 3].map((k) => (k ? seed.replace(/。/g, `。第${k}版。`) : seed));
    const text = `${copies.join('\n')}\n## A section without a paper\n\n这一节没有论文链接，也没有编号。\n`;
    expect(markdownParts(text)!.length).toBeGreaterThan(2);
    const whole = parseDigest(text);
    expect(whole.warnings.filter((w) => w.code === 'duplicate').length).toBeGreaterThan(10);
    expect(whole.warnings.some((w) => w.code === 'section-no-link')).toBe(true);
    expect(await parseInSlices(text)).toEqual(whole);
  });

  it('never cuts inside fenced code', () => {
    const big = '这是一段足够长的中文摘要文字。'.repeat(700);
    const fenced = `## A\n[甲](https://arxiv.org/abs/2409.18869)\n\n${big}\n\n\`\`\`\n## not a heading\n\`\`\`\n\n## B\n[乙](https://arxiv.org/abs/2409.17692)\n\n${big}\n`;
    const parts = markdownParts(fenced)!;
    const lines = fenced.split('\n');
    expect(parts.map((p) => lines[p.from])).toEqual(['## A', '## B']);
    return parseInSlices(fenced).then((sliced) => {
      expect(sliced.entries.map((e) => e.arxivId)).toEqual(['2409.18869', '2409.17692']);
      expect(sliced).toEqual(parseDigest(fenced));
    });
  });

  it('a file whose sections may share link definitions is not cut', () => {
    const big = '这是一段足够长的中文摘要文字。'.repeat(700);
    const defined = `## A\n[甲][a]\n\n${big}\n\n## B\n[乙][b]\n\n${big}\n\n[a]: https://arxiv.org/abs/2409.18869\n[b]: https://arxiv.org/abs/2409.17692\n`;
    expect(markdownParts(defined)).toBeNull();
  });

  it('JSON documents are read whole, their entries finished a chunk at a time, as one parse', async () => {
    const entries = parseDigest(seed).entries;
    const many = Array.from({ length: 3000 }, (_, i) => ({ ...entries[i % entries.length], arxivId: `2501.${String(10000 + i)}` }));
    const exported = exportDigest(many);
    const { value, turns } = await turnsDuring(() => parseInSlices(exported));
    expect(value).toEqual(parseDigest(exported));
    expect(value.entries.length).toBe(3000);
    expect(turns).toBeGreaterThanOrEqual(5);
    for (const text of [fixture('digests/hf-newsletter-cn_2025-01-09_HF_deepseek_clean.json'), fixture('feeds/arxiv-daily-scroll/data/2025-10-15/ai_summary.json')]) {
      expect(await parseInSlices(text)).toEqual(parseDigest(text));
    }
  });

  it('a small file (a per-paper answer) is parsed at once: the panel waiting for it pays no turn', async () => {
    const text = fixture('feeds/cn-chat-arxiv/papers/26/08/2608.00053.json');
    expect(text.length).toBeLessThan(WHOLE_BELOW_CHARS);
    const { value, turns } = await turnsDuring(() => parseInSlices(text));
    expect(turns).toBe(0);
    expect(value).toEqual(parseDigest(text));
    expect(value.entries.map((e) => e.arxivId)).toEqual(['2608.00053']);
  });
});

/** Parsing in slices gives what one parse gives (real files, broken lines, duplicates), and gives the worker turns meanwhile. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseInSlices, WHOLE_BELOW_CHARS } from '../../background/parse-slices';
import { exportDigest, parseDigest, parseDigestSteps } from '../../lib/digest/parse';
import { CHUNK_CHARS } from '../../lib/digest/markdown-guard';
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
  it('reads the real cn-chat-arxiv category file (one table, 305 footnotes) with turns, as one parse reads it', async () => {
    const text = fixture('feeds/cn-chat-arxiv/cs.AI.md');
    const { value: sliced, turns } = await turnsDuring(() => parseInSlices(text));
    expect(sliced).toEqual(parseDigest(text));
    expect(sliced.entries.length).toBe(305);
    // One parse would give the loop only the turns around it; its ~300 ms of parsing gives more.
    expect(turns).toBeGreaterThan(2);
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
    const whole = parseDigest(text);
    expect(whole.warnings.filter((w) => w.code === 'duplicate').length).toBeGreaterThan(10);
    expect(whole.warnings.some((w) => w.code === 'section-no-link')).toBe(true);
    expect(await parseInSlices(text)).toEqual(whole);
  });

  it('a section hidden in an HTML comment stays hidden, as in one parse', async () => {
    const big = '这是一段足够长的中文摘要文字。'.repeat(700);
    const text = `## A\n[甲](https://arxiv.org/abs/2409.18869)\n\n${big}\n\n<!--\n\n## Hidden\n[隐](https://arxiv.org/abs/2501.99999)\n\n${big}\n\n-->\n\n## B\n[乙](https://arxiv.org/abs/2409.17692)\n\n${big}\n`;
    expect(text.length).toBeGreaterThan(WHOLE_BELOW_CHARS);
    const sliced = await parseInSlices(text);
    expect(sliced.entries.map((e) => e.arxivId)).toEqual(['2409.18869', '2409.17692']);
    expect(sliced).toEqual(parseDigest(text));
  });

  it('never cuts inside fenced code', () => {
    const big = '这是一段足够长的中文摘要文字。'.repeat(700);
    const fenced = `## A\n[甲](https://arxiv.org/abs/2409.18869)\n\n${big}\n\n\`\`\`\n## not a heading\n\`\`\`\n\n## B\n[乙](https://arxiv.org/abs/2409.17692)\n\n${big}\n`;
    return parseInSlices(fenced).then((sliced) => {
      expect(sliced.entries.map((e) => e.arxivId)).toEqual(['2409.18869', '2409.17692']);
      expect(sliced).toEqual(parseDigest(fenced));
    });
  });

  it('JSON documents are read whole, their entries finished a chunk at a time, as one parse', async () => {
    const entries = parseDigest(seed).entries;
    const many = Array.from({ length: 3000 }, (_, i) => ({ ...entries[i % entries.length], arxivId: `2501.${String(10000 + i)}` }));
    const exported = exportDigest(many);
    const { value, turns } = await turnsDuring(() => parseInSlices(exported));
    expect(value).toEqual(parseDigest(exported));
    expect(value.entries.length).toBe(3000);
    expect(turns).toBeGreaterThan(2);
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

describe('a markdown digest is parsed in slices too', () => {
  const one = (i: number) => `## Paper ${i}\n[第 ${i} 篇论文](https://arxiv.org/abs/2501.${10000 + i})\n\n${'这篇论文的中文摘要，在基准上准确率提升了 12.5%，延迟降低了 30%。'.repeat(20)}\n`;
  const text = Array.from({ length: 1200 }, (_, i) => one(i)).join('\n');

  it('parseDigestSteps yields after each ~8 K-character chunk, and run to its end is parseDigest', () => {
    const steps = parseDigestSteps(text);
    let yields = 0;
    let step = steps.next();
    for (; !step.done; step = steps.next()) yields++;
    expect(step.value).toEqual(parseDigest(text));
    // 1.2 MB of text (UTF-16 units: 8 K each a chunk), at least one step a chunk.
    expect(yields).toBeGreaterThanOrEqual(Math.floor(text.length / CHUNK_CHARS));
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

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectFormat, exportDigest, parseDigest } from '../../lib/digest/parse';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
const seed = readFileSync(new URL('../../digests/default.md', import.meta.url), 'utf8');

describe('the reference digest (digests/default.md)', () => {
  const parsed = parseDigest(seed);

  it('gives its 14 entries with the right ids and titles, and no warning', () => {
    expect(parsed.format).toBe('markdown');
    expect(parsed.warnings).toEqual([]);
    expect(parsed.entries.map((e) => e.arxivId)).toEqual([
      '2409.18869', '2409.17692', '2409.18786', '2409.20566', '2409.18943', '2409.19951', '2410.00531',
      '2410.01044', '2410.01215', '2410.01680', '2410.02740', '2410.02713', '2410.02757', '2410.02712',
    ]);
    const emu3 = parsed.entries[0];
    expect(emu3.titleEn).toBe('Emu3: Next-Token Prediction is All You Need');
    expect(emu3.titleZh).toBe('Emu3: 下一个 Token 预测的全部');
    expect(emu3.version).toBeNull();
    expect(emu3.summaryZh.startsWith('尽管下一个 Token 预测被视为')).toBe(true);
    const tpi = parsed.entries.find((e) => e.arxivId === '2410.00531')!;
    expect(tpi.titleEn).toBe('TPI-LLM: Serving 70B-scale LLMs Efficiently on Low-resource Edge Devices');
    expect(tpi.titleZh).toBe('TPI-LLM: 在低资源边缘设备上高效服务 70B 规模的大语言模型');
  });

  it('joins summary paragraphs with a blank line', () => {
    const revisit = parsed.entries.find((e) => e.arxivId === '2410.02740')!;
    const paragraphs = revisit.summaryZh.split('\n\n');
    expect(paragraphs).toHaveLength(3);
    for (const p of paragraphs) expect(p).toMatch(/^\S[^\n]*\S$/);
  });

  it('finds the key numbers a reader wants, and not the digits of names', () => {
    const texts = parsed.entries.flatMap((e) => e.keyNumbers.map((k) => k.text));
    for (const want of ['27.97', '29.57', '3.1 GB', '97.6%', '18.9%', '79k', '3.9%', '1,400', '10 秒', '70B']) expect(texts).toContain(want);
    const tpi = parsed.entries.find((e) => e.arxivId === '2410.00531')!;
    const llamaAt = tpi.summaryZh.indexOf('Llama 2-70B');
    expect(tpi.keyNumbers.some((k) => k.start >= llamaAt && k.start < llamaAt + 'Llama 2-70B'.length)).toBe(false);
    const rationalyst = parsed.entries.find((e) => e.arxivId === '2410.01044')!;
    const gptAt = rationalyst.summaryZh.indexOf('GPT-4');
    expect(rationalyst.keyNumbers.some((k) => k.start >= gptAt && k.start < gptAt + 5)).toBe(false);
    expect(rationalyst.keyNumbers.some((k) => k.text.includes('8B') || k.text === '3')).toBe(false);
  });

  it('gives every key number its offsets, value, unit, label and sentence', () => {
    for (const e of parsed.entries) {
      for (const k of e.keyNumbers) {
        expect(e.summaryZh.slice(k.start, k.end)).toBe(k.text);
        expect(e.summaryZh).toContain(k.sentence);
        expect(k.sentence).toContain(k.text);
      }
    }
    const ruler = parsed.entries.find((e) => e.arxivId === '2409.18943')!;
    expect(ruler.keyNumbers).toEqual([
      expect.objectContaining({ text: '27.97', value: 27.97, unit: '', label: 'PM 平均增益' }),
      expect.objectContaining({ text: '29.57', value: 29.57, unit: '', label: 'FM 平均增益' }),
    ]);
    const tpi = parsed.entries.find((e) => e.arxivId === '2410.00531')!;
    expect(tpi.keyNumbers.find((k) => k.text === '3.1 GB')).toMatchObject({ value: 3.1, unit: 'GB', label: '内存' });
    const cross = parsed.entries.find((e) => e.arxivId === '2409.19951')!;
    expect(cross.keyNumbers.find((k) => k.text === '1,400')).toMatchObject({ value: 1400, label: '人工标注提示' });
  });
});

describe('markdown variants', () => {
  it('reads numbered, bold and level-3/4 headings, links in the heading, on their own line or at the end', () => {
    const text = [
      '# Daily digest',
      '',
      '### 1. **Emu3: Next-Token Prediction is All You Need**',
      '[Emu3：下一个 Token 预测](http://www.arxiv.org/abs/2409.18869v2)',
      '',
      '这是第一段摘要，性能提升了 12.5%。',
      '',
      '#### [2] [MIO: A Foundation Model](https://export.arxiv.org/pdf/2409.17692.pdf)',
      '',
      'MIO 是一个基础模型，训练数据包含 1,000 万个样本。',
      '',
      '## 大语言模型诚实性调查',
      '',
      '这是一段中文摘要，说明了诚实性。',
      '',
      '原文：[A Survey on the Honesty](https://huggingface.co/papers/2409.18786)',
    ].join('\n');
    const { entries, warnings } = parseDigest(text);
    expect(warnings).toEqual([]);
    expect(entries).toHaveLength(3);
    expect(entries[0]).toMatchObject({ arxivId: '2409.18869', version: 2, titleEn: 'Emu3: Next-Token Prediction is All You Need', titleZh: 'Emu3：下一个 Token 预测' });
    expect(entries[1]).toMatchObject({ arxivId: '2409.17692', version: null, titleEn: 'MIO: A Foundation Model' });
    expect(entries[1].summaryZh).toContain('1,000 万');
    expect(entries[2]).toMatchObject({ arxivId: '2409.18786', titleZh: '大语言模型诚实性调查', titleEn: 'A Survey on the Honesty' });
  });

  it('reads labelled fields with full-width colons, wrapped titles and TL;DR', () => {
    const text = [
      '### 3. rStar-Math：小型语言模型掌握数学推理',
      '',
      '**原文标题：** rStar-Math: Small LLMs Can Master Math Reasoning with Self-Evolved Deep',
      '  Thinking',
      '',
      '**摘要：**',
      '我们提出了 rStar-Math，将准确率从 58.8% 提高到 90.0%。',
      '',
      'TL;DR: 小模型也能做好数学。',
      '',
      '**论文链接：** [arXiv](https://arxiv.org/abs/2501.04519)',
    ].join('\n');
    const [entry] = parseDigest(text).entries;
    expect(entry).toMatchObject({
      arxivId: '2501.04519',
      titleZh: 'rStar-Math：小型语言模型掌握数学推理',
      titleEn: 'rStar-Math: Small LLMs Can Master Math Reasoning with Self-Evolved Deep Thinking',
    });
    expect(entry.summaryZh).toBe('我们提出了 rStar-Math，将准确率从 58.8% 提高到 90.0%。\n\n小模型也能做好数学。');
    expect(entry.keyNumbers.map((k) => k.text)).toEqual(['58.8%', '90.0%']);
  });

  it('keeps the text of inline links, emphasis, code and entities, never the markup', () => {
    const text = [
      '## A Title',
      '[中文标题](https://arxiv.org/abs/2410.01215)',
      '',
      '我们在 **HumanEval** 上用 `pass@1` 评测，见[项目页](https://example.com)。&amp; 符号与 <b>粗体</b> 标签 <img src=x onerror=alert(1)>。',
    ].join('\n');
    const [entry] = parseDigest(text).entries;
    expect(entry.summaryZh).toBe('我们在 HumanEval 上用 pass@1 评测，见项目页。& 符号与 粗体 标签 。');
  });

  it('merges the same paper twice and warns, by line, for sections it skips', () => {
    const text = [
      '## Paper One',
      '[论文一](https://arxiv.org/abs/2409.18869)',
      '',
      '第一段摘要内容。',
      '',
      '## 没有链接的论文',
      '',
      '这一节没有论文链接，只有中文摘要。',
      '',
      '## Paper One again',
      '[论文一](https://arxiv.org/abs/2409.18869v1)',
      '',
      '第一段摘要内容。还有更多的内容。',
    ].join('\n');
    const { entries, warnings } = parseDigest(text);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ arxivId: '2409.18869', version: 1, summaryZh: '第一段摘要内容。还有更多的内容。' });
    expect(warnings).toEqual([{ line: 6, code: 'section-no-link', params: { name: expect.any(String) }, message: expect.stringContaining('no arXiv link') }]);
  });

  it('gives no entry and honest warnings for a file that is not a digest', () => {
    const { entries, warnings } = parseDigest('# Shopping list\n\n- milk\n- 鸡蛋和面包，还有水果\n');
    expect(entries).toEqual([]);
    expect(warnings).toEqual([{ line: 1, code: 'section-no-link', params: { name: expect.any(String) }, message: expect.stringContaining('no arXiv link') }]);
    expect(parseDigest('just some words').entries).toEqual([]);
  });
});

describe('real digests (tests/fixtures/digests)', () => {
  it('cn-chat-arxiv: the table and the footnotes merge into one entry per paper', () => {
    const { format, entries, warnings } = parseDigest(fixture('digests/cn-chat-arxiv_cs.CL_2023-04-05.md'));
    expect(format).toBe('markdown');
    expect(warnings).toEqual([]);
    expect(entries).toHaveLength(69);
    expect(new Set(entries.map((e) => e.arxivId)).size).toBe(69);
    expect(entries[0]).toMatchObject({
      arxivId: '2304.01974',
      version: 1,
      titleEn: 'Dialogue-Contextualized Re-ranking for Medical History-Taking',
      titleZh: '医学史采集的对话情境重排序',
    });
    // The English abstract is not part of the Chinese summary.
    expect(entries[0].summaryZh).not.toContain('AI-driven medical history-taking');
    const baize = entries.find((e) => e.arxivId === '2304.01196')!;
    expect(baize.version).toBe(2);
    expect(baize.titleEn).toMatch(/^Baize: An Open-Source Chat Model/);
  });

  it('hf-newsletter markdown: every paper link is empty, so no entry and one warning per paper', () => {
    const { entries, warnings } = parseDigest(fixture('digests/hf-newsletter-cn_2025-01-09_daily_paper.md'));
    expect(entries).toEqual([]);
    const empty = warnings.filter((w) => w.message.includes('empty paper link'));
    expect(empty).toHaveLength(12);
    expect(empty[0].line).toBe(11);
  });

  it('hf daily-papers JSON with a translation', () => {
    const text = fixture('digests/hf-newsletter-cn_2025-01-09_HF_deepseek_clean.json');
    expect(detectFormat(text)).toBe('hf-daily-json');
    const { entries, warnings } = parseDigest(text);
    expect(warnings).toEqual([]);
    expect(entries).toHaveLength(12);
    expect(entries[0]).toMatchObject({
      arxivId: '2501.04519',
      titleEn: 'rStar-Math: Small LLMs Can Master Math Reasoning with Self-Evolved Deep Thinking',
      titleZh: 'rStar-Math：小型语言模型通过自我进化的深度思考掌握数学推理',
    });
    const texts = entries[0].keyNumbers.map((k) => k.text);
    expect(texts).toEqual(expect.arrayContaining(['747k', '58.8%', '90.0%', '+4.5%', '53.3%']));
    expect(texts).not.toContain('7B');
  });

  it('daily-arXiv-ai-enhanced JSON Lines', () => {
    const text = fixture('digests/daily-arxiv-ai-enhanced_2026-07-01_first40.jsonl');
    expect(detectFormat(text)).toBe('daily-arxiv-jsonl');
    const { entries, warnings } = parseDigest(text);
    expect(warnings).toEqual([]);
    expect(entries).toHaveLength(40);
    expect(entries[0]).toMatchObject({ arxivId: '2606.30776', titleEn: 'Optimal Auctions for Constrained Buyers', titleZh: '' });
    expect(entries[0].summaryZh.split('\n\n')[1]).toMatch(/^动机：/);
  });

  it('JSON Lines with broken lines imports the rest and reports each by line', () => {
    const good = fixture('digests/daily-arxiv-ai-enhanced_2026-07-01_first40.jsonl').split('\n').slice(0, 2);
    const text = [good[0], '{"id": "2606.99999", "title": "broken', good[1], '{"id": "no id here", "AI": {"tldr": "中文"}}'].join('\n');
    const { entries, warnings } = parseDigest(text);
    expect(entries).toHaveLength(2);
    expect(warnings).toEqual([
      { line: 2, code: 'bad-json-line', message: 'not valid JSON; skipped' },
      { line: 4, code: 'no-id', params: { item: 4 }, message: 'no arXiv id; skipped' },
    ]);
  });
});

describe('the extension’s own JSON export', () => {
  it('imports back to the same entries', () => {
    const before = parseDigest(seed).entries;
    const text = exportDigest(before, new Date('2026-01-01T00:00:00Z'));
    expect(detectFormat(text)).toBe('arxiv-digest-json');
    const after = parseDigest(text);
    expect(after.warnings).toEqual([]);
    expect(after.entries).toEqual(before);
  });

  it('reports an export entry without an id by its line', () => {
    const text = JSON.stringify({ format: 'arxiv-digest', version: 1, exportedAt: '', entries: [{ arxivId: 'nope', titleZh: '标题' }, { arxivId: '2409.18869', titleZh: '标题', summaryZh: '摘要' }] }, null, 2);
    const { entries, warnings } = parseDigest(text);
    expect(entries.map((e) => e.arxivId)).toEqual(['2409.18869']);
    expect(warnings).toEqual([{ line: 6, code: 'no-id', params: { item: 1 }, message: expect.stringContaining('entry 1') }]);
  });
});

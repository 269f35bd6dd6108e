/** The publishers' own formats, on the real files they serve (tests/fixtures/feeds, digests). */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDigest } from '../../lib/digest/parse';
import { endCleanly, stripAnnouncePrefix } from '../../lib/digest/publisher-formats';
import { texToText } from '../../lib/digest/tex';

const FIXTURES = join(import.meta.dirname, '../fixtures');
const fixture = (p: string) => readFileSync(join(FIXTURES, p), 'utf8');
const PAPERS = 'feeds/cn-chat-arxiv/papers/26/08';

describe('cn-chat-arxiv, one JSON file per paper', () => {
  const files = readdirSync(join(FIXTURES, PAPERS)).filter((f) => f.endsWith('.json'));

  it('every real file is one entry: its id, version, both titles, no announcement prefix, no warning', () => {
    expect(files.length).toBeGreaterThan(20);
    for (const name of files) {
      const raw = JSON.parse(fixture(`${PAPERS}/${name}`));
      const { format, entries, warnings } = parseDigest(fixture(`${PAPERS}/${name}`));
      expect(format).toBe('cn-chat-arxiv-paper-json');
      expect(warnings).toEqual([]);
      expect(entries).toHaveLength(1);
      const [e] = entries;
      expect(e.arxivId).toBe(name.replace(/\.json$/, ''));
      expect(e.titleZh).toBe(raw.translated_title.trim());
      expect(e.titleEn).toBe(raw.title.trim().replace(/\.$/, ''));
      expect(e.summaryZh).not.toMatch(/公告类型|arXiv:\d|^摘要[:：]|\n\n摘要[:：]/);
      // The TL;DR first, then the translation.
      expect(e.summaryZh.startsWith(raw.tldr.trim().slice(0, 10))).toBe(true);
      // A summary the publisher cut ends with one ellipsis, never mid-sentence.
      expect(e.summaryZh).toMatch(/[。！？…”）)]$/);
      expect(e.summaryZh).not.toMatch(/\.\.\.|……$/);
    }
  });

  it('reads the version from the announcement, and the cut summaries end cleanly', () => {
    const [e] = parseDigest(fixture(`${PAPERS}/2608.00180.json`)).entries;
    expect(e.version).toBe(4);
    // Cut after a comma: the comma goes, an ellipsis ends it.
    const [cut] = parseDigest(fixture(`${PAPERS}/2608.00316.json`)).entries;
    expect(cut.summaryZh.endsWith('该代理配置问题…')).toBe(true);
    const [dots] = parseDigest(fixture(`${PAPERS}/2608.00410.json`)).entries;
    expect(dots.summaryZh.endsWith('显示出…')).toBe(true);
  });

  it('removes each variant of the prefix, and only the prefix', () => {
    expect(stripAnnouncePrefix('arXiv:2608.00053v2 公告类型：替换-交叉 摘要：离散傅里叶变换')).toBe('离散傅里叶变换');
    expect(stripAnnouncePrefix('arXiv:2608.00406v2 公告类型：替换交叉  摘要：精确的室内定位')).toBe('精确的室内定位');
    expect(stripAnnouncePrefix('摘要：混合专家（MoE）模型')).toBe('混合专家（MoE）模型');
    expect(stripAnnouncePrefix('arXiv:2608.00053v2 Announce Type: replace-cross  Abstract: The Discrete')).toBe('The Discrete');
    expect(stripAnnouncePrefix('神经组合优化（NCO）的摘要：不是前缀')).toBe('神经组合优化（NCO）的摘要：不是前缀');
  });

  it('ends a cut text after its last whole word', () => {
    expect(endCleanly('we generalise these bases to the hyperspher')).toBe('we generalise these bases to the…');
    expect(endCleanly('模型学习到稳健的结构表征。')).toBe('模型学习到稳健的结构表征。');
    expect(endCleanly('一个精确的信息分解揭示了...')).toBe('一个精确的信息分解揭示了…');
  });
});

describe('arxiv-daily-scroll, one JSON file a day', () => {
  it('reads every paper of the real day: id and version, the English title, no made-up Chinese title', () => {
    const text = fixture('feeds/arxiv-daily-scroll/data/2025-10-15/ai_summary.json');
    const papers = JSON.parse(text).papers as Array<{ arxiv_id: string; headline_zh: string; intro_zh: string[] }>;
    const { format, entries, warnings } = parseDigest(text);
    expect(format).toBe('arxiv-daily-scroll-json');
    expect(warnings).toEqual([]);
    expect(entries).toHaveLength(new Set(papers.map((p) => p.arxiv_id.replace(/v\d+$/, ''))).size);
    const first = entries.find((e) => e.arxivId === '2510.13809')!;
    expect(first.version).toBe(1);
    expect(first.titleEn).toBe('PhysMaster: Mastering Physical Representation for Video Generation via Reinforcement Learning');
    expect(first.titleZh).toBe('');
    expect(first.summaryZh).toBe(
      '提出PhysMaster通过强化学习学习物理表示，以增强视频生成的物理合理性。\n\n当前视频生成模型视觉逼真但常违反物理定律，限制其作为世界模型的应用。设计PhysEncoder从输入图像编码物理信息，并利用强化学习优化物理表示。在代理任务中验证物理合理性，并展示对广泛物理场景的泛化能力。',
    );
  });
});

describe('xmkxabc/daily-arXiv-ai-enhanced: the daily-arXiv lines with a Chinese title and translation', () => {
  it('takes the Chinese title and the TL;DR then the whole translated abstract', () => {
    const text = fixture('feeds/xmkxabc-daily-arxiv-ai-enhanced/data/2025-06-29_AI_enhanced_Chinese_first60.jsonl');
    const { format, entries, warnings } = parseDigest(text);
    expect(format).toBe('daily-arxiv-jsonl');
    expect(warnings).toEqual([]);
    expect(entries).toHaveLength(60);
    const perry = entries.find((e) => e.arxivId === '2506.20770')!;
    expect(perry.titleZh).toBe('Perry：一个加速网络欺骗实验的高级框架');
    expect(perry.titleEn).toBe('Perry: A High-level Framework for Accelerating Cyber Deception Experimentation');
    const [tldr, translation] = perry.summaryZh.split('\n\n');
    expect(tldr).toMatch(/^Perry是一个高级框架/);
    expect(translation).toMatch(/^网络欺骗旨在通过蜜罐/);
    expect(entries.every((e) => e.titleZh)).toBe(true);
  });

  it('the original daily-arXiv lines still have no Chinese title', () => {
    const { entries } = parseDigest(fixture('digests/daily-arxiv-ai-enhanced_2026-07-01_first40.jsonl'));
    expect(entries.length).toBeGreaterThan(30);
    expect(entries.every((e) => e.titleZh === '')).toBe(true);
  });
});

describe('HuggingArxiv, one paper a file', () => {
  const cases: Array<[string, string, string, RegExp, RegExp]> = [
    ['2410.00428', 'LayerKV：通过逐层 KV 缓存管理，优化大型语言模型的服务性能', 'LayerKV: Optimizing Large Language Model Serving with Layer-wise KV Cache Management', /^大型语言模型 \(LLM\) 的上下文窗口扩展/, /SLO 违规率降低了 28\.7%，大幅提升了用户体验。$/],
    ['2410.01131', 'nGPT：超球面表示学习的归一化Transformer', 'nGPT: Normalized Transformer with Representation Learning on the Hypersphere', /^我们创新性地设计了归一化Transformer/, /训练步骤减少4至20倍，具体视序列长度而定。$/],
    ['2410.01215', '从代码到完美：借助分层调试，完成代码生成的最后一步', 'From Code to Correctness: Closing the Last Mile of Code Generation with Hierarchical Debugging', /^大型语言模型在代码生成方面虽有显著进展/, /成功率达97\.6%，且能有效应对各类错误，展现其强大与高效。$/],
  ];
  it.each(cases)('%s: the H1 is the Chinese title, the first quote the English one, the quote under 摘要 the summary', (id, zh, en, start, end) => {
    const { format, entries, warnings } = parseDigest(fixture(`digests/huggingarxiv-per-paper/${id}.md`));
    expect(format).toBe('huggingarxiv-markdown');
    expect(warnings).toEqual([]);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ arxivId: id, titleZh: zh, titleEn: en });
    expect(entries[0].summaryZh).toMatch(start);
    expect(entries[0].summaryZh).toMatch(end);
    // The English abstract is not part of the Chinese summary.
    expect(entries[0].summaryZh).not.toMatch(/Abstract|We propose|While large language models/);
  });

  it('reads the layout, not these three files: another paper, its quote in two paragraphs, a pdf link', () => {
    const text = [
      '# 稀疏注意力的新视角',
      '',
      '发布时间：2024年11月05日',
      '',
      '`LLM理论` `推理加速`',
      '',
      '> A New Look at Sparse Attention',
      '',
      '# 摘要',
      '',
      '> 我们研究稀疏注意力，',
      '> 并把延迟降低了 35%。',
      '>',
      '> We study sparse attention and cut latency by 35%.',
      '',
      '[Arxiv](https://arxiv.org/pdf/2411.01234v2)',
    ].join('\n');
    const { format, entries, warnings } = parseDigest(text);
    expect(format).toBe('huggingarxiv-markdown');
    expect(warnings).toEqual([]);
    expect(entries).toEqual([expect.objectContaining({ arxivId: '2411.01234', version: 2, titleZh: '稀疏注意力的新视角', titleEn: 'A New Look at Sparse Attention', summaryZh: '我们研究稀疏注意力，并把延迟降低了 35%。' })]);
  });

  it('a digest of many papers under H2 headings is still read as the reference markdown', () => {
    expect(parseDigest(fixture('digests/hf-newsletter-cn_2025-01-09_daily_paper.md')).format).toBe('markdown');
  });
});

describe('TeX in summaries becomes readable text', () => {
  it.each([
    ['降低$90%$的延迟', '降低90%的延迟'],
    ['$\\sim$10 倍', '∼10 倍'],
    ['复杂度 $O(n^2)$', '复杂度 O(n²)'],
    ['na\\"ive', 'naive'],
    ['误差 $0.12 \\pm 0.16$', '误差 0.12 ± 0.16'],
    ['$\\alpha=0.5$，$10^{-3}$，$x_i$', 'α=0.5，10⁻³，xᵢ'],
    ['降低 50\\%', '降低 50%'],
    ['$\\frac{1}{2}$', '1/2'],
  ])('%s → %s', (tex, text) => expect(texToText(tex)).toBe(text));

  it('leaves prices and lone dollars alone', () => {
    expect(texToText('价格 $5 和 $10')).toBe('价格 $5 和 $10');
    expect(texToText('US$ 3')).toBe('US$ 3');
  });

  it('applies at parse time, so a key number marks the text the reader sees', () => {
    const { entries } = parseDigest('## T\n[标题](https://arxiv.org/abs/2410.00531)\n\n该方法将延迟降低了$90\\%$，内存仅需 3.1 GB。\n');
    const [e] = entries;
    expect(e.summaryZh).toBe('该方法将延迟降低了90%，内存仅需 3.1 GB。');
    for (const k of e.keyNumbers) expect(e.summaryZh.slice(k.start, k.end)).toBe(k.text);
    expect(e.keyNumbers.map((k) => k.text)).toContain('90%');
  });
});

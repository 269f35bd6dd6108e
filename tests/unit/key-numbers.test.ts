import { describe, expect, it } from 'vitest';
import { extractKeyNumbers } from '../../lib/digest/key-numbers';

const texts = (s: string) => extractKeyNumbers(s).map((k) => k.text);

describe('extractKeyNumbers', () => {
  it('finds results, efficiency, scale and durations', () => {
    expect(texts('在 HumanEvalFix 中的修复成功率达到 97.6%。')).toEqual(['97.6%']);
    expect(texts('相较于基线减少了 80% 以上，速度提升 2.5x，快 3 倍。')).toEqual(['80%', '2.5x', '3 倍']);
    expect(texts('仅需 3.1 GB 内存即可运行 70B 规模模型。')).toEqual(['3.1 GB', '70B']);
    expect(texts('我们提取了 79k 个推理过程，构建了包含 1,400 个人工标注提示的基准。')).toEqual(['79k', '1,400']);
    expect(texts('模型可以生成 10 秒视频，延迟为 120 ms。')).toEqual(['10 秒', '120 ms']);
    expect(texts('平均增益为 27.97，得分 85。')).toEqual(['27.97', '85']);
    expect(texts('比基线高出+4.5%和-0.9%。')).toEqual(['+4.5%', '-0.9%']);
  });

  it('skips digits that are part of names', () => {
    expect(texts('我们在 GPT-4、LLaVA-1.6、MM1.5、Emu3、Qwen2.5-Math-7B 和 Llama 2-70B 上测试。')).toEqual([]);
    expect(texts('与 Llama 3 相比，o1-preview 的 pass@1 更高。')).toEqual([]);
  });

  it('skips list markers, years, dates, ids, versions and URLs', () => {
    expect(texts('训练分为 (1) 对齐预训练，（2）交错预训练。')).toEqual([]);
    expect(texts('该数据集发布于 2024 年，更新于 2024-10-01 和 10 月 3 日。')).toEqual([]);
    expect(texts('详见 arXiv:2409.18869v2 与 2410.00531。')).toEqual([]);
    expect(texts('代码见 https://github.com/Geaming2002/Ruler 与 www.example.com/v2/1234。')).toEqual([]);
    expect(texts('使用 v1.2.3 版本，解决了 53.3%（8/15）的问题。')).toEqual(['53.3%']);
  });

  it('skips small bare counts that say nothing at a glance', () => {
    expect(texts('我们在 7 个基准上评估了 3 种方法，经过 4 轮迭代。')).toEqual([]);
  });

  it('gives value, unit, label and sentence, with exact offsets', () => {
    const summary = '第一句没有数字。在所有级别上，PM 的平均增益为 27.97，FM 的平均增益为 29.57。最后一句。';
    const found = extractKeyNumbers(summary);
    expect(found).toEqual([
      { text: '27.97', start: summary.indexOf('27.97'), end: summary.indexOf('27.97') + 5, value: 27.97, unit: '', label: 'PM 平均增益', sentence: '在所有级别上，PM 的平均增益为 27.97，FM 的平均增益为 29.57。' },
      { text: '29.57', start: summary.indexOf('29.57'), end: summary.indexOf('29.57') + 5, value: 29.57, unit: '', label: 'FM 平均增益', sentence: '在所有级别上，PM 的平均增益为 27.97，FM 的平均增益为 29.57。' },
    ]);
    const [count] = extractKeyNumbers('包含 1,400 个人工标注提示。');
    expect(count).toMatchObject({ value: 1400, unit: '', label: '人工标注提示' });
    const [pct] = extractKeyNumbers('准确率提升 12％。');
    expect(pct).toMatchObject({ text: '12％', value: 12, unit: '%' });
  });

  it('labels both ends of a range', () => {
    const found = extractKeyNumbers('我们的模型参数范围从 1B 到 30B。');
    expect(found.map((k) => [k.text, k.label])).toEqual([
      ['1B', '模型参数范围'],
      ['30B', '模型参数范围'],
    ]);
  });
});

describe('ranges', () => {
  it('reads the second end of a hyphenated range as a quantity, not a negative one', () => {
    expect(extractKeyNumbers('在 1%-10% 的标签预算下，测试了 3B-70B 的模型。').map((k) => [k.text, k.value])).toEqual([
      ['1%', 1],
      ['10%', 10],
      ['3B', 3],
      ['70B', 70],
    ]);
  });
});

describe('chips a reader would keep (real summaries)', () => {
  const chips = (s: string) => extractKeyNumbers(s).map((k) => [k.display ?? k.text, k.label]);

  it('a baseline and its result are one chip with one label (rStar-Math, 2501.04519)', () => {
    const s = '它将Qwen2.5-Math-7B从58.8%提高到90.0%，将Phi3-mini-3.8B从41.4%提高到86.4%，分别比o1-preview高出+4.5%和+0.9%。';
    const ks = extractKeyNumbers(s);
    expect(ks.slice(0, 2).map((k) => [k.display, k.label])).toEqual([
      ['58.8% → 90.0%', 'Qwen2.5-Math-7B'],
      ['41.4% → 86.4%', 'Phi3-mini-3.8B'],
    ]);
    // The chip marks the whole change in the summary, and its value is the result.
    expect(s.slice(ks[0].start, ks[0].end)).toBe('58.8%提高到90.0%');
    expect(ks[0].value).toBe(90);
    expect(ks[0].text).toBe('58.8%提高到90.0%');
  });

  it('a reduction from one duration to another, and the speed-up after it (daily-arXiv 2606.30775)', () => {
    expect(chips('同时将每技能工程时间从120分钟降至3.8分钟（32倍加速）。')).toEqual([
      ['120分钟 → 3.8分钟', '每技能工程时间'],
      ['32倍', '加速'],
    ]);
  });

  it('qualifiers stay with the number, not in the label (TPI-LLM, 2410.00531)', () => {
    expect(chips('TPI-LLM 的延迟相较于 Accelerate 减少了 80% 以上。')).toEqual([['>80%', 'TPI-LLM 延迟较 Accelerate 减少']]);
    expect(chips('与人工调优相当的F1分数（约79%）。')).toEqual([['≈79%', '人工调优相当 F1分数']]);
    expect(chips('其他设计选择对最终F1影响均小于0.5%。')).toEqual([['<0.5%', '其他设计选择对最终F1影响均']]);
  });

  it('a verb that says nothing gives way to what the number is (2501.04227, 2606.31149)', () => {
    expect(chips('与之前的自主研究方法相比，实现了84%的降低。')).toEqual([['84%', '降低']]);
    expect(chips('实现了4.45 dB的旁瓣电平降低。')).toEqual([['4.45 dB', '旁瓣电平降低']]);
  });

  it('an increase is labelled as an increase (2606.31202)', () => {
    expect(chips('与基线机制相比，该机制使交易量增加120.0%，社会福利提升50.4%。')).toEqual([
      ['120.0%', '交易量增加'],
      ['50.4%', '社会福利提升'],
    ]);
  });

  it('labels carry no stray spaces and start on a whole word', () => {
    for (const [, label] of chips('在 HumanEvalFix 中的修复成功率达到 97.6%，在所有级别上，PM 的平均增益为 27.97。')) {
      expect(label).toBe(label.trim());
      expect(label).not.toMatch(/\s{2,}/);
    }
  });
});

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

/**
 * Hostile digest shapes, each at any size: the unit tests (tests/unit/fuzz.test.ts) read them at
 * a medium size for behaviour, the benchmark (bench/core-fuzz.ts) at 20 MB for MB/s. Every digest
 * starts and ends with a valid entry (FIRST, LAST), which must survive whatever lies between.
 */

export const FIRST = { id: '2410.00531', titleZh: '第一篇的中文标题', summary: '第一篇论文的中文摘要，延迟降低了 30%。' };
export const LAST = { id: '2409.18869', titleZh: '最后一篇的中文标题', summary: '最后一篇论文的中文摘要，准确率达到 97.6%。' };
/** The id a shape's hostile section is about, when it has one. */
export const HOSTILE_ID = '2410.01215';
/** An id that appears only where markdown hides it: never an entry. */
export const HIDDEN_ID = '2501.99999';

export interface FuzzShape {
  name: string;
  /** The digest, about `chars` characters long (UTF-16 units). */
  make(chars: number): string;
  /** Warning codes this shape must raise (others may come too). */
  warns?: string[];
  /** false: the shape hides LAST by markdown's own rules (an unclosed fence). */
  keepsLast?: false;
  /** The hostile part is one section about HOSTILE_ID that must still import. */
  hostileEntry?: boolean;
}

const section = (e: { id: string; titleZh: string; summary: string }) => `## Paper ${e.id}\n[${e.titleZh}](https://arxiv.org/abs/${e.id})\n\n${e.summary}\n`;
const hostileHead = `## Hostile\n[敌意的中文标题](https://arxiv.org/abs/${HOSTILE_ID})\n\n中文摘要开头的几个字。`;

/** `unit` repeated to about `chars` characters. */
const fill = (unit: string, chars: number) => unit.repeat(Math.max(1, Math.ceil(chars / unit.length)));
/** Two halves: openers first, then closers (what makes a resolver look back over all openers). */
const halves = (open: string, close: string, chars: number) => fill(open, chars / 2) + fill(close, chars / 2);

/** FIRST, the hostile text as a section of its own about HOSTILE_ID, LAST. */
const inSection = (body: (chars: number) => string) => (chars: number) => `${section(FIRST)}\n${hostileHead}${body(chars)}\n\n${section(LAST)}`;
/** FIRST, the hostile text as it is (between blank lines), LAST. */
const between = (body: (chars: number) => string) => (chars: number) => `${section(FIRST)}\n${body(chars)}\n\n${section(LAST)}`;

const num = (i: number) => String(10000 + (i % 90000)).padStart(5, '0');
/** n sections, each a valid entry under its own id (2501.xxxxx), made by `one`. */
const sections = (one: (i: number) => string, unitChars: number) => (chars: number) => {
  const n = Math.max(1, Math.ceil(chars / unitChars));
  return `${section(FIRST)}\n${Array.from({ length: n }, (_, i) => one(i)).join('\n')}\n${section(LAST)}`;
};

export const FUZZ_SHAPES: FuzzShape[] = [
  // Emphasis and links: openers alone, and openers resolved against closers.
  { name: '*[ ×n in one section', make: inSection((c) => fill('*[', c)), hostileEntry: true, warns: ['markup-too-dense'] },
  { name: '[ ×n', make: between((c) => fill('[', c)), warns: ['markup-too-dense'] },
  { name: '[ ×n then ](x) ×n', make: inSection((c) => halves('[', '](x)', c)), hostileEntry: true, warns: ['markup-too-dense'] },
  { name: '* ×n', make: between((c) => fill('*', c)) },
  { name: '*a  ×n then  a* ×n', make: inSection((c) => halves('*a ', ' a*', c)), hostileEntry: true, warns: ['markup-too-dense'] },
  { name: '**a  ×n then  a** ×n', make: inSection((c) => halves('**a ', ' a**', c)), hostileEntry: true, warns: ['markup-too-dense'] },
  { name: '~~a  ×n then  a~~ ×n', make: inSection((c) => halves('~~a ', ' a~~', c)), hostileEntry: true, warns: ['markup-too-dense'] },
  { name: '_ ×n and _a ×n', make: inSection((c) => fill('_', c / 2) + fill('_a', c / 2)), hostileEntry: true, warns: ['markup-too-dense'] },
  { name: '*a] ×n', make: inSection((c) => fill('*a]', c)), hostileEntry: true, warns: ['markup-too-dense'] },
  { name: '![ ×n', make: between((c) => fill('![', c)) },
  { name: '[^ footnote openers ×n', make: between((c) => fill('[^', c)) },
  // Code, HTML, autolinks.
  { name: '` ×n inside a line', make: between((c) => `中文${fill('`', c)}`) },
  // A fence at the margin that never closes is code to the end of the file, as markdown says.
  { name: '` ×n at the margin (an unclosed fence)', make: between((c) => fill('`', c)), keepsLast: false },
  { name: 'backtick runs of every length', make: inSection((c) => Array.from({ length: Math.ceil(c / 26) }, (_, i) => '`'.repeat((i % 50) + 1) + 'a').join('')), hostileEntry: true },
  { name: '< ×n', make: between((c) => fill('<', c)) },
  { name: '<a  ×n (open tags)', make: between((c) => fill('<a ', c)) },
  // Sections inside an HTML comment stay hidden, however long the comment (it is never cut).
  { name: 'a long <!-- comment --> hiding sections', make: between((c) => `<!--\n${fill(`## 隐藏\n[隐藏的标题](https://arxiv.org/abs/${HIDDEN_ID})\n\n隐藏的中文摘要内容。\n\n`, c)}-->`) },
  { name: 'www. and http:// ×n', make: between((c) => fill('www.a http://a ', c)) },
  { name: '& and \\ ×n', make: between((c) => fill('&\\', c)) },
  // Tables.
  { name: 'a table delimiter row ending in a long run of spaces and a letter', make: between((c) => `|a|\n-${' '.repeat(Math.max(1, c - 8))}x`) },
  { name: 'a table with many columns', make: between((c) => `${fill('|a', c / 3)}|\n${fill('|-', c / 3)}|\n${fill('|b', c / 3)}|`) },
  {
    name: 'a table with many rows, every row an entry',
    make: (c) => `${section(FIRST)}\n| 论文 | 摘要 |\n|---|---|\n${Array.from({ length: Math.ceil(c / 90) }, (_, i) => `| [表格第 ${i} 篇](https://arxiv.org/abs/2501.${num(i)}) | 表格里的中文摘要，提升了 ${i % 90}.5%。 |`).join('\n')}\n\n${section(LAST)}`,
  },
  // Lines and paragraphs.
  { name: 'one long line', make: inSection((c) => fill('word 中文 ', c)), hostileEntry: true, warns: ['block-too-long'] },
  { name: 'a paragraph of many lines', make: inSection((c) => fill('中文摘要内容，准确率为 10.0%。\n', c)), hostileEntry: true, warns: ['block-too-long'] },
  { name: 'a list without blank lines', make: between((c) => fill('- 列表项的中文内容\n', c)), warns: ['block-too-long'] },
  { name: 'setext headings ×n', make: sections((i) => `Paper ${i}\n=====\n\n[中文标题 ${i}](https://arxiv.org/abs/2501.${num(i)})\n\n中文摘要内容，提升了 ${i % 90}.5%。\n`, 90) },
  { name: 'setext underlines without blank lines', make: between((c) => fill('a\n=\n', c)) },
  { name: 'ATX headings ×n, nothing under them', make: between((c) => fill('## 空\n', c)) },
  { name: 'sections with a link and no Chinese ×n', make: sections((i) => `## Paper ${i}\n[Title](https://arxiv.org/abs/2501.${num(i)})\n\nEnglish only.\n`, 70), warns: ['section-no-chinese'] },
  { name: 'fenced code blocks ×n', make: between((c) => fill('```\n## 代码里的标题\n```\n\n', c)) },
  // Nesting.
  { name: '> ×n on every line', make: between((c) => fill(`${'> '.repeat(2000)}深层引用\n`, c)), warns: ['nesting-too-deep'] },
  { name: '- ×n in one section', make: inSection((c) => `\n\n${fill('- ', c)}深层列表里的中文摘要文字。`), hostileEntry: true, warns: ['nesting-too-deep'] },
  // Key numbers.
  { name: '准确率为 10.0% ×n in one sentence', make: inSection((c) => fill('准确率为 10.0%，', c) + '。'), hostileEntry: true, warns: ['summary-truncated'] },
  { name: 'short sentences of numbers', make: inSection((c) => Array.from({ length: Math.ceil(c / 10) }, (_, i) => `提升 ${i % 50}.5%。`).join('')), hostileEntry: true },
  { name: 'digits without end', make: inSection((c) => fill('1234567890', c)), hostileEntry: true },
  // Characters.
  { name: 'CRLF and lone CR line endings', make: (c) => `${section(FIRST).replace(/\n/g, '\r\n')}\r\n${fill('中文摘要内容\r', c)}\r\n\r\n${section(LAST).replace(/\n/g, '\r\n')}` },
  { name: 'control characters and lone surrogates', make: between((c) => fill('\u0001\u0007\ud800中\udfff\u200b\u202e', c)) },
  // JSON formats.
  {
    name: 'JSON Lines: every summary hostile',
    make: (c) =>
      [FIRST, ...Array.from({ length: Math.ceil(c / 420) }, (_, i) => ({ id: `2501.${num(i)}`, titleZh: `标题 ${i}`, summary: `中文摘要${'*['.repeat(100)}${'准确率为 10.0%，'.repeat(10)}` })), LAST]
        .map((e) => JSON.stringify({ id: e.id, title: 'T', AI: { title_translation: e.titleZh, tldr: e.summary } }))
        .join('\n'),
  },
  {
    name: 'JSON Lines: one line of many megabytes',
    make: (c) => [FIRST, { id: HOSTILE_ID, titleZh: '很长的一行', summary: fill('中文摘要内容，准确率为 10.0%。', c) }, LAST].map((e) => JSON.stringify({ id: e.id, title: 'T', AI: { title_translation: e.titleZh, tldr: e.summary } })).join('\n'),
    hostileEntry: true,
    warns: ['summary-truncated'],
  },
  {
    name: 'JSON nested ×n deep inside an export',
    make: (c) => {
      const entry = (e: typeof FIRST) => ({ arxivId: e.id, version: null, titleEn: 'T', titleZh: e.titleZh, summaryZh: e.summary });
      const deep = '['.repeat(Math.ceil(c / 2)) + ']'.repeat(Math.ceil(c / 2));
      return JSON.stringify({ format: 'arxiv-digest', version: 1, exportedAt: '', entries: [entry(FIRST), { arxivId: HOSTILE_ID, x: 0 }, entry(LAST)] }).replace('"x":0', `"x":${deep}`);
    },
  },
  { name: '[ ×n, not JSON (read as markdown)', make: (c) => `${fill('[', c)}\n\n${section(FIRST)}\n${section(LAST)}`, warns: ['markup-too-dense'] },
];

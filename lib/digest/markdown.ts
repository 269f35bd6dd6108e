/**
 * Markdown digests: the reference format and the variants real digests use
 * (docs/DIGEST.md), read with a real markdown parser (mdast + GFM for tables and
 * footnotes), never with line regexes. Markup becomes text.
 */
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';
import type { Nodes, Parents, PhrasingContent, Root, RootContent, Table } from 'mdast';
import { parseArxivId, type ArxivRef } from '../arxiv/ids';
import { cjkCount, hasCjk, normalizeSpace, tidyTitle } from './text';
import type { DigestWarning, RawEntry, WarningCode } from './types';
import { guardChunks } from './markdown-guard';

/** Hosts whose links name a paper by its arXiv id. */
const PAPER_HOST = /(^|\.)(arxiv\.org|huggingface\.co|alphaxiv\.org|ar5iv\.org|ar5iv\.labs\.arxiv\.org)$/i;

type Field = 'titleEn' | 'titleZh' | 'summary' | 'link' | 'ignore';
const LABELS: Array<[RegExp, Field]> = [
  [/^(?:原文标题|英文标题|英文题目|原标题|English title|Title)\s*[:：]\s*/i, 'titleEn'],
  [/^(?:中文标题|论文标题|标题|题目)\s*[:：]\s*/, 'titleZh'],
  [/^(?:中文摘要|摘要|总结|概要|简介|内容|TL;\s*DR|TLDR|Summary)\s*[:：]\s*/i, 'summary'],
  [/^(?:论文链接|原文链接|论文地址|链接|地址|Link|URL|arXiv|PDF)\s*[:：]\s*/i, 'link'],
  [/^(?:作者|机构|Authors?|分类|Categories|发布日期|日期|Date|点赞|Upvotes|评论|Comments?)\s*[:：]/i, 'ignore'],
];
/** `3. Title`, `[3] Title`, `#3 Title`, `No. 3 Title` — numbering the heading carries. */
const HEADING_NUMBER = /^\s*(?:\d+\s*[.、)）:：]|\[\d+\]|#\d+|No\.\s*\d+[.:]?)\s*/i;
/** `Title. (arXiv:2304.01974v1 [cs.CL] UPDATED)` as cn-chat-arxiv writes the English title. */
const ARXIV_SUFFIX = /\s*\(\s*arXiv:\s*([^\s)\]]+)[^)]*\)\s*$/i;

interface Link {
  url: string;
  text: string;
}

interface Block {
  line: number;
  text: string;
  links: Link[];
}

interface Section {
  line: number;
  heading: Block | null;
  blocks: Block[];
}

/** Plain text of phrasing content; inline HTML and images are dropped, links keep their text. */
function plain(top: Nodes, links?: Link[]): string {
  // A stack of nodes and, for a link, the marker that closes it (its text is known then).
  const parts: string[] = [];
  const stack: Array<Nodes | { closeLink: string; from: number }> = [top];
  while (stack.length) {
    const item = stack.pop()!;
    if ('closeLink' in item) {
      links?.push({ url: item.closeLink, text: normalizeSpace(parts.slice(item.from).join('')) });
      continue;
    }
    const node = item;
    switch (node.type) {
      case 'text':
      case 'inlineCode':
        parts.push(node.value);
        break;
      case 'break':
        parts.push('\n');
        break;
      case 'html':
      case 'image':
      case 'imageReference':
      case 'footnoteReference':
        break;
      default:
        if (node.type === 'link') stack.push({ closeLink: node.url, from: parts.length });
        if ('children' in node) {
          const children = node.children as Nodes[];
          for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
        }
    }
  }
  return parts.join('');
}

function block(node: Nodes): Block {
  const links: Link[] = [];
  const text = normalizeSpace(plain(node, links));
  return { line: node.position?.start.line ?? 0, text, links };
}

/**
 * The paragraphs of a block node, lists and quotes opened up. Walked with a stack, not by
 * recursion: a hostile digest nests quotes and lists thousands deep.
 */
function blocksOf(top: RootContent): Block[] {
  const out: Block[] = [];
  const stack: RootContent[] = [top];
  while (stack.length) {
    const node = stack.pop()!;
    switch (node.type) {
      case 'paragraph':
      case 'heading':
        out.push(block(node));
        break;
      case 'code':
        // Four-space indented paragraphs that markdown reads as code (cn-chat-arxiv): their text.
        node.value.split(/\n\s*\n/).forEach((part, i) => {
          const text = normalizeSpace(part);
          if (text) out.push({ line: (node.position?.start.line ?? 0) + i, text, links: [] });
        });
        break;
      case 'list':
      case 'listItem':
      case 'blockquote':
      case 'footnoteDefinition': {
        const children = (node as Parents).children as RootContent[];
        for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
        break;
      }
      default:
    }
  }
  return out;
}

function paperRef(link: Link): ArxivRef | null {
  let host: string;
  try {
    host = new URL(link.url).hostname;
  } catch {
    return null;
  }
  return PAPER_HOST.test(host) ? parseArxivId(link.url) : null;
}

function labelOf(text: string): [Field, string] | null {
  for (const [re, field] of LABELS) {
    const m = re.exec(text);
    if (m) return [field, text.slice(m[0].length).trim()];
  }
  return null;
}

/** A link text that says nothing about the paper: a URL, `PDF`, `arXiv`, `链接`. */
function isBareLinkText(text: string): boolean {
  return !text || /^(?:https?:\/\/|www\.)/i.test(text) || /^(?:pdf|arxiv|abs|html|link|链接|原文|论文|论文链接|paper)$/i.test(text) || !!parseArxivId(text) && text.length < 40;
}

class EntryBuilder {
  ref: ArxivRef | null = null;
  titleEn = '';
  titleZh = '';
  paragraphs: string[] = [];
  emptyLink = false;

  constructor(readonly line: number) {}

  title(text: string): void {
    const t = tidyTitle(text);
    if (!t) return;
    if (hasCjk(t)) this.titleZh ||= t;
    else this.titleEn ||= t;
  }

  link(link: Link): boolean {
    const ref = paperRef(link);
    if (!ref) return false;
    if (!this.ref) this.ref = ref;
    if (!isBareLinkText(link.text)) this.title(link.text);
    return true;
  }

  /** Links in a block; true when the block is nothing but a paper link. */
  links(b: Block): boolean {
    let paper = false;
    for (const l of b.links) paper = this.link(l) || paper;
    if (!b.links.length && /\[\s*\]\(\s*\)/.test(b.text)) this.emptyLink = true;
    const rest = b.links.reduce((t, l) => t.replace(l.text, ''), b.text).trim();
    return paper && rest === '';
  }

  textRef(text: string): void {
    if (this.ref) return;
    const m = /arXiv\s*[:：]?\s*(\S+)/i.exec(text);
    if (m) this.ref = parseArxivId(m[1]);
  }

  build(): RawEntry | null {
    if (!this.ref || (!this.titleZh && !this.paragraphs.length)) return null;
    return {
      line: this.line,
      arxivId: this.ref.id,
      version: this.ref.version,
      titleEn: this.titleEn,
      titleZh: this.titleZh,
      paragraphs: this.paragraphs,
    };
  }
}

function readSection(section: Section): EntryBuilder {
  const e = new EntryBuilder(section.line);
  if (section.heading) {
    const h = section.heading;
    const headingText = h.text.replace(HEADING_NUMBER, '');
    for (const l of h.links) e.link(l);
    const rest = h.links.reduce((t, l) => t.replace(l.text, ''), headingText).trim();
    e.textRef(rest);
    e.title(rest.replace(ARXIV_SUFFIX, ''));
  }
  let field: Field | null = null;
  for (const b of section.blocks) {
    const labelled = labelOf(b.text);
    if (labelled) {
      field = labelled[0];
      const value = labelled[1];
      if (field === 'titleEn') e.titleEn ||= tidyTitle(value);
      else if (field === 'titleZh') e.title(value);
      else if (field === 'summary' && value) e.paragraphs.push(value);
      else if (field === 'link') {
        e.links(b);
        if (!e.ref) e.ref = parseArxivId(value);
        if (!e.ref && /^\[\s*\]\(\s*\)$|^$/.test(value)) e.emptyLink = true;
      }
      continue;
    }
    if (e.links(b)) continue; // a line holding only the paper link
    const suffix = ARXIV_SUFFIX.exec(b.text);
    if (suffix && !hasCjk(b.text)) {
      // `English Title. (arXiv:2304.01974v1 [cs.CL])`
      e.ref ||= parseArxivId(suffix[1]);
      e.titleEn ||= tidyTitle(b.text.replace(ARXIV_SUFFIX, ''));
      continue;
    }
    if (field === 'link' || field === 'ignore') field = null;
    // Chinese paragraphs are the summary; English ones (an original abstract) are not.
    if (cjkCount(b.text) >= 4) e.paragraphs.push(b.text);
  }
  return e;
}

function tableEntries(table: Table): EntryBuilder[] {
  const out: EntryBuilder[] = [];
  for (const row of table.children) {
    const e = new EntryBuilder(row.position?.start.line ?? 0);
    for (const cell of row.children) {
      const b = block(cell);
      if (!e.links(b) && cjkCount(b.text) >= 4) e.paragraphs.push(b.text);
    }
    if (e.ref) out.push(e);
  }
  return out;
}

/** How many sections are read between two steps of parseMarkdownSteps. */
const SECTIONS_PER_STEP = 500;

/**
 * The sections and table rows of the file, read from its top-level nodes a chunk at a time: each
 * chunk's tree is read into blocks of text and dropped, so a 20 MB digest never holds its whole
 * tree (many times the file's size) at once.
 */
class SectionReader {
  readonly sections: Section[] = [];
  readonly builders: EntryBuilder[] = [];
  private current: Section | null = null;

  add(nodes: RootContent[]): void {
    for (const node of nodes) {
      const line = node.position?.start.line ?? 0;
      if (node.type === 'heading') {
        this.current = { line, heading: block(node), blocks: [] };
        this.sections.push(this.current);
      } else if (node.type === 'footnoteDefinition') {
        // cn-chat-arxiv: `[^n]: 中文标题` then the details, indented.
        const [first, ...rest] = node.children.flatMap((c) => blocksOf(c as RootContent));
        this.sections.push({ line, heading: first ?? null, blocks: rest });
      } else if (node.type === 'table') {
        for (const b of tableEntries(node)) this.builders.push(b);
      } else {
        if (!this.current) {
          this.current = { line, heading: null, blocks: [] };
          this.sections.push(this.current);
        }
        for (const b of blocksOf(node)) this.current.blocks.push(b);
      }
    }
  }
}

/** Deeper than this, quote and list markers at the start of a line are read as text. */
export const MAX_NESTING = 16;

/**
 * Lines whose quote or list markers nest deeper than MAX_NESTING lose them (the text stays): the
 * markdown parser recurses per level, and `'> '.repeat(2000)` would overflow its stack.
 */
function boundNesting(lines: Iterable<string>, warnings: DigestWarning[]): Generator<string, void> {
  return (function* () {
    let i = -1;
    for (const line of lines) {
      i++;
      if (!/^[ \t]*(?:[>*+-]|\d{1,9}[.)])[ \t]*(?:[>*+-]|\d{1,9}[.)])/.test(line)) {
        yield line;
        continue;
      }
      let depth = 0;
      let at = 0;
      for (;;) {
        const m = /^[ \t]*(?:>|[*+-](?=[ \t])|\d{1,9}[.)](?=[ \t]))[ \t]?/.exec(line.slice(at, at + 16));
        if (!m) break;
        depth++;
        at += m[0].length;
      }
      if (depth > MAX_NESTING) {
        warnings.push({ line: i + 1, code: 'nesting-too-deep', params: { depth, max: MAX_NESTING }, message: `quotes or lists nested ${depth} deep (at most ${MAX_NESTING}); read as plain text` });
        yield line.slice(at);
      } else yield line;
    }
  })();
}

/**
 * The lines of `text`, one at a time (a 20 MB file is not split in one go), ended by every line
 * ending markdown knows: LF, CRLF, and CR alone (a file saved on an old Mac).
 */
function* linesOf(text: string): Generator<string, void> {
  for (let at = 0; at <= text.length; ) {
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    let line = text.slice(at, end);
    at = end + 1;
    if (line.endsWith('\r') && end < text.length) line = line.slice(0, -1);
    if (line.includes('\r')) yield* line.split('\r');
    else yield line;
  }
}

// Made once: the parser is called once per chunk.
const SYNTAX = [gfm()];
const TREE = [gfmFromMarkdown()];

function toTree(text: string): Root {
  return fromMarkdown(text, { extensions: SYNTAX, mdastExtensions: TREE });
}

/** Moves every position of a tree parsed from a chunk to its line in the file (`lines`: 0-based, per chunk line). */
function placeLines(root: Root, lines: number[]): void {
  const stack: Nodes[] = [...root.children];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.position) {
      node.position.start.line = (lines[node.position.start.line - 1] ?? 0) + 1;
      node.position.end.line = (lines[node.position.end.line - 1] ?? lines[lines.length - 1] ?? 0) + 1;
    }
    if ('children' in node) for (const c of node.children as Nodes[]) stack.push(c);
  }
}

/**
 * The file's top-level nodes, a chunk's at a time (see markdown-guard.ts). When the parser cannot read a
 * chunk (it throws on what it cannot handle), each part of it between two headings is read
 * alone, and a part it cannot read is a warning with its line.
 */
function* treeOf(text: string, warnings: DigestWarning[]): Generator<RootContent[], void> {
  const lines = boundNesting(linesOf(text), warnings);
  let read: RootContent[] = [];
  const add = (chunkText: string, map: number[]) => {
    const part = toTree(chunkText);
    placeLines(part, map);
    for (const c of part.children) read.push(c);
  };
  for (const chunk of guardChunks(lines, warnings)) {
    try {
      add(chunk.text, chunk.lines);
    } catch {
      const own = chunk.text.split('\n');
      let from = 0;
      const flush = (to: number) => {
        if (to <= from) return;
        try {
          add(own.slice(from, to).join('\n'), chunk.lines.slice(from, to));
        } catch (err) {
          const why = err instanceof Error ? err.name : 'error';
          const line = chunk.lines[from] + 1;
          warnings.push({ line, code: 'section-unreadable', params: { error: why }, message: `the markdown parser could not read the section at line ${line} (${why}); skipped` });
        }
        from = to;
      };
      own.forEach((line, i) => {
        if (i > from && /^#{1,6}\s/.test(line)) flush(i);
      });
      flush(own.length);
    }
    yield read; // a chunk read: a caller may let the thread answer something else here
    read = [];
  }
}

export function parseMarkdown(text: string): { entries: RawEntry[]; warnings: DigestWarning[] } {
  return finish(parseMarkdownSteps(text));
}

/** A generator run to its end: its return value. */
export function finish<T>(steps: Generator<void, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * parseMarkdown in steps: it yields after each chunk the parser has read (about 8 K characters), and each
 * SECTIONS_PER_STEP sections read after, so that the worker can answer a waiting message
 * between two (background/parse-slices.ts).
 */
export function* parseMarkdownSteps(text: string): Generator<void, { entries: RawEntry[]; warnings: DigestWarning[] }> {
  const warnings: DigestWarning[] = [];
  const reader = new SectionReader();
  for (const nodes of treeOf(text, warnings)) {
    reader.add(nodes);
    yield;
  }
  const { sections, builders } = reader;
  const entries: RawEntry[] = [];
  for (const b of builders) {
    const entry = b.build();
    if (entry) entries.push(entry);
  }
  let n = 0;
  for (const section of sections) {
    if (++n % SECTIONS_PER_STEP === 0) yield;
    const e = readSection(section);
    const entry = e.build();
    if (entry) {
      entries.push(entry);
      continue;
    }
    const hasBody = section.blocks.some((b) => b.text);
    if (!hasBody && !e.ref) continue; // a heading that only groups the sections under it
    if (!section.heading && !e.ref && !section.blocks.some((b) => cjkCount(b.text) >= 4)) continue; // preamble
    const name = section.heading?.text.replace(HEADING_NUMBER, '').slice(0, 40) || section.blocks[0]?.text.slice(0, 40) || '';
    const [code, params, message]: [WarningCode, Record<string, string>, string] = e.ref
      ? ['section-no-chinese', { name, id: e.ref.id }, `section "${name}" (${e.ref.id}) has no Chinese title or summary; skipped`]
      : e.emptyLink
        ? ['section-empty-link', { name }, `section "${name}" has an empty paper link, so no arXiv id; skipped`]
        : ['section-no-link', { name }, `section "${name}" has no arXiv link or id; skipped`];
    warnings.push({ line: section.line, code, params, message });
  }
  entries.sort((a, b) => a.line - b.line);
  return { entries, warnings };
}

/**
 * Formats of the publishers a subscription reads, each with its detector beside its reader
 * (docs/DIGEST.md has them for publishers):
 * - cn-chat-arxiv, one JSON file per paper (`papers/{yy}/{mm}/{id}.json`);
 * - arxiv-daily-scroll, one JSON file a day (`data/{date}/ai_summary.json`);
 * - HuggingArxiv, one markdown file per paper (`# 中文标题`, `> English title`, `# 摘要`, `> 中文摘要`).
 */
import { findArxivIds, parseArxivId } from '../arxiv/ids';
import { hasCjk, normalizeSpace, tidyTitle, untex } from './text';
import type { DigestWarning, RawEntry } from './types';

type Parsed = { entries: RawEntry[]; warnings: DigestWarning[] };

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

// ---------------------------------------------------------------------------------------------
// cn-chat-arxiv per paper: {title, abstract, link, translated_title, translated_abstract, tldr}

export function isCnChatPaper(data: unknown): boolean {
  const one = (d: unknown) => isRecord(d) && ('translated_abstract' in d || 'translated_title' in d) && ('link' in d || 'title' in d);
  return one(data) || (Array.isArray(data) && data.length > 0 && data.every(one));
}

/**
 * The announcement prefix arXiv's feed puts before an abstract, and the publisher's translation
 * of it, in each variant seen: `arXiv:2608.00053v2 公告类型：替换-交叉 摘要：`, `… 公告类型：替换交叉  摘要：`,
 * a bare `摘要：`, and the English `arXiv:…v2 Announce Type: replace-cross  Abstract:`.
 */
const ANNOUNCE_PREFIX = /^\s*(?:arXiv\s*[:：]\s*\S+\s*)?(?:(?:公告类型|Announce Type)\s*[:：]\s*[^\s]*\s*)?(?:摘要|Abstract)\s*[:：]\s*/i;

export function stripAnnouncePrefix(text: string): string {
  return text.replace(ANNOUNCE_PREFIX, '');
}

/** Where a sentence may end: a cut summary is trimmed back to here or ends with an ellipsis. */
const SENTENCE_END = /[。！？!?…」』”）)]$/;

/**
 * The publisher cuts translations near 1,000 characters, mid-sentence and sometimes mid-word:
 * a summary that does not end a sentence ends with one ellipsis, after its last whole word.
 */
export function endCleanly(text: string): string {
  let t = text.trim().replace(/(?:\.{3,}|…+|⋯+)$/, '…');
  if (!t || SENTENCE_END.test(t)) return t;
  // A Latin word cut in two (`…the hyperspher`): drop the fragment. Chinese needs no such care.
  t = t.replace(/([\s(（])[A-Za-z][A-Za-z-]*$/, '$1').replace(/[\s,，、;；:：(（-]+$/, '');
  return `${t}…`;
}

function cnChatEntry(rec: Record<string, unknown>, line: number, warnings: DigestWarning[]): RawEntry | null {
  const ref = parseArxivId(str(rec.link)) ?? findArxivIds(str(rec.abstract))[0] ?? parseArxivId(str(rec.path).replace(/\.json$/, '').split('/').pop() ?? '');
  if (!ref) {
    warnings.push({ line, code: 'no-id', params: { item: line }, message: 'a cn-chat-arxiv record with no arXiv link; skipped' });
    return null;
  }
  const translated = str(rec.translated_abstract);
  // The version is only in the announcement prefix (`arXiv:2608.00053v2`).
  const announced = /^\s*arXiv\s*[:：]\s*(\S+)/i.exec(translated)?.[1] ?? /^\s*arXiv\s*[:：]\s*(\S+)/i.exec(str(rec.abstract))?.[1];
  const version = (announced && parseArxivId(announced)?.id === ref.id ? parseArxivId(announced)?.version : null) ?? ref.version;
  const summary = endCleanly(normalizeSpace(untex(stripAnnouncePrefix(translated))));
  const tldr = normalizeSpace(untex(str(rec.tldr)));
  const paragraphs = [tldr, summary].filter((p) => p && hasCjk(p));
  const titleZh = tidyTitle(untex(str(rec.translated_title)));
  if (!paragraphs.length && !titleZh) {
    warnings.push({ line, code: 'no-chinese', params: { id: ref.id }, message: `${ref.id} has no Chinese translation; skipped` });
    return null;
  }
  return { line, arxivId: ref.id, version, titleEn: tidyTitle(untex(str(rec.title))), titleZh, paragraphs };
}

export function parseCnChatPaper(data: unknown): Parsed {
  const warnings: DigestWarning[] = [];
  const records = Array.isArray(data) ? data : [data];
  const entries = records.flatMap((rec, i) => (isRecord(rec) ? (cnChatEntry(rec, i + 1, warnings) ?? []) : []));
  return { entries, warnings };
}

// ---------------------------------------------------------------------------------------------
// arxiv-daily-scroll: {"papers": [{title, arxiv_id, summary, headline_zh, intro_zh[], tags_zh[]}]}

export function isDailyScroll(data: unknown): boolean {
  return isRecord(data) && Array.isArray(data.papers) && data.papers.some((p) => isRecord(p) && ('headline_zh' in p || 'intro_zh' in p));
}

export function parseDailyScroll(data: unknown): Parsed {
  const entries: RawEntry[] = [];
  const warnings: DigestWarning[] = [];
  const papers = isRecord(data) && Array.isArray(data.papers) ? data.papers : [];
  papers.forEach((p, i) => {
    // No line numbers in one big JSON object worth scanning for: the record's place says it.
    const line = i + 1;
    if (!isRecord(p)) return;
    const ref = parseArxivId(str(p.arxiv_id));
    if (!ref) {
      warnings.push({ line, code: 'no-id', params: { item: i + 1 }, message: `paper ${i + 1} has no arXiv id; skipped` });
      return;
    }
    const intro = Array.isArray(p.intro_zh) ? p.intro_zh.map((s) => normalizeSpace(untex(str(s)))).filter(Boolean) : [];
    const headline = normalizeSpace(untex(str(p.headline_zh)));
    // The three intro lines are one paragraph each ends without a stop: give it one.
    const body = intro.map((s) => (SENTENCE_END.test(s) || /[。；;]$/.test(s) ? s : `${s}。`)).join('');
    const paragraphs = [headline && (SENTENCE_END.test(headline) ? headline : `${headline}。`), body].filter(Boolean);
    if (!paragraphs.length) {
      warnings.push({ line, code: 'no-chinese', params: { id: ref.id }, message: `${ref.id} has no Chinese summary; skipped` });
      return;
    }
    // The publisher writes no Chinese title: the headline is a sentence, not a title.
    entries.push({ line, arxivId: ref.id, version: ref.version, titleEn: tidyTitle(untex(str(p.title))), titleZh: '', paragraphs });
  });
  return { entries, warnings };
}

// ---------------------------------------------------------------------------------------------
// HuggingArxiv, one paper a file:
//   # 中文标题 / 发布时间：… / `tag` `tag` / > English title / # 摘要 / > 中文摘要 / > English abstract / [Arxiv](…)

interface Quote {
  line: number;
  text: string;
}

/** Top-level `#` headings, and the blockquotes under each (a quote's lazy continuation lines included). */
function h1Sections(lines: string[]): Array<{ title: string; line: number; quotes: Quote[] }> {
  const sections: Array<{ title: string; line: number; quotes: Quote[] }> = [];
  let quote: Quote | null = null;
  // A quote's paragraphs (split by empty quote lines) are quotes of their own: a file may put
  // the Chinese and the English abstract in one quote.
  const close = () => {
    const q = quote as Quote | null;
    if (q && sections.length) {
      for (const para of q.text.split(/\n\s*\n/)) {
        const text = normalizeSpace(para);
        if (text) sections[sections.length - 1].quotes.push({ line: q.line, text });
      }
    }
    quote = null;
  };
  lines.forEach((raw, i) => {
    const h1 = /^#\s+(.*?)\s*#*\s*$/.exec(raw);
    if (h1) {
      close();
      sections.push({ title: h1[1], line: i + 1, quotes: [] });
      return;
    }
    const q = /^\s{0,3}>\s?(.*)$/.exec(raw);
    if (q) {
      // An empty quote line followed by more: one quote goes on (as markdown reads it).
      if (!quote) quote = { line: i + 1, text: '' };
      quote.text += `${q[1]}\n`;
    } else if (quote && raw.trim() && !/^\s*(?:#|\[|`|!\[)/.test(raw)) quote.text += `${raw}\n`;
    else close();
  });
  close();
  return sections;
}

const SUMMARY_HEADING = /^(?:摘要|中文摘要|论文摘要|Abstract)$/i;

/** A file of one paper in HuggingArxiv's layout: an H1 title, and an H1 `摘要` with quotes under it. */
export function isHuggingArxiv(text: string): boolean {
  const head = text.slice(0, 20_000);
  const firstHeading = /^(#{1,6})\s/m.exec(head);
  return !!firstHeading && firstHeading[1] === '#' && /^#\s+(?:摘要|中文摘要|论文摘要)\s*$/m.test(head) && /^\s{0,3}>/m.test(head);
}

export function parseHuggingArxiv(text: string): Parsed {
  const lines = text.split(/\r?\n/);
  const sections = h1Sections(lines);
  const warnings: DigestWarning[] = [];
  const titleSection = sections.find((s) => !SUMMARY_HEADING.test(s.title));
  const summarySection = sections.find((s) => SUMMARY_HEADING.test(s.title));
  const ref =
    [...text.matchAll(/\]\(\s*(\S+?)\s*\)/g)].map((m) => parseArxivId(m[1])).find(Boolean) ?? findArxivIds(text)[0] ?? null;
  const line = titleSection?.line ?? 1;
  if (!ref) {
    warnings.push({ line, code: 'no-id', params: { item: 1 }, message: 'a one-paper file with no arXiv link; skipped' });
    return { entries: [], warnings };
  }
  const titleZh = tidyTitle(untex(titleSection?.title.replace(/\*\*|__/g, '') ?? ''));
  // The English title is the first quote above the summary heading that is not Chinese.
  const titleEn = tidyTitle(untex(titleSection?.quotes.find((q) => !hasCjk(q.text))?.text ?? ''));
  const quotes = summarySection?.quotes ?? [];
  const summary = quotes.filter((q) => hasCjk(q.text)).map((q) => normalizeSpace(untex(q.text)));
  if (!summary.length && !titleZh) {
    warnings.push({ line: summarySection?.line ?? line, code: 'no-chinese', params: { id: ref.id }, message: `${ref.id} has no Chinese summary; skipped` });
    return { entries: [], warnings };
  }
  return { entries: [{ line, arxivId: ref.id, version: ref.version, titleEn, titleZh: hasCjk(titleZh) ? titleZh : '', paragraphs: summary }], warnings };
}

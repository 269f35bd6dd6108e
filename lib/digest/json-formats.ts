/**
 * Machine formats: the extension's own JSON export, daily-arXiv-ai-enhanced JSON Lines, and
 * Hugging Face daily-papers JSON with a Chinese `translation`.
 */
import { parseArxivId } from '../arxiv/ids';
import { normalizeSpace, tidyTitle, untex } from './text';
import type { DigestEntry, DigestWarning, RawEntry } from './types';

export const EXPORT_FORMAT = 'arxiv-digest';
export const EXPORT_VERSION = 1;

export interface DigestExport {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  exportedAt: string;
  entries: Array<Pick<DigestEntry, 'arxivId' | 'version' | 'titleEn' | 'titleZh' | 'summaryZh'>>;
}

type Parsed = { entries: RawEntry[]; warnings: DigestWarning[] };

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function paragraphsOf(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map(normalizeSpace)
    .filter(Boolean);
}

/** A line look-up that scans the text only when first asked (most imports never ask). */
function lazyLines(compute: () => number[]): (i: number) => number {
  let lines: number[] | null = null;
  return (i) => (lines ??= compute())[i] ?? 1;
}

/** 1-based line where each element of a top-level JSON array starts. */
export function arrayElementLines(text: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  let expectValue = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') line++;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (expectValue && depth === 1 && !/[\s,\]]/.test(c)) {
      lines.push(line);
      expectValue = false;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') {
      depth++;
      if (depth === 1) expectValue = true;
    } else if (c === '}' || c === ']') depth--;
    else if (c === ',' && depth === 1) expectValue = true;
  }
  return lines;
}

export function parseExport(data: DigestExport, text: string): Parsed {
  const entries: RawEntry[] = [];
  const warnings: DigestWarning[] = [];
  if (!Array.isArray(data.entries)) return { entries, warnings: [{ line: 1, code: 'export-no-entries', message: 'an arxiv-digest export without an "entries" list' }] };
  const lineOf = lazyLines(() => entriesArrayLines(text));
  data.entries.forEach((item, i) => {
    const ref = item && typeof item === 'object' ? parseArxivId(str(item.arxivId)) : null;
    if (!ref || (!str(item.titleZh) && !str(item.summaryZh))) {
      warnings.push({ line: lineOf(i), code: ref ? 'no-chinese' : 'no-id', params: ref ? { id: ref.id } : { item: i + 1 }, message: `entry ${i + 1} has no arXiv id or no Chinese text; skipped` });
      return;
    }
    entries.push({
      get line() {
        return lineOf(i);
      },
      arxivId: ref.id,
      version: item.version ?? ref.version,
      titleEn: str(item.titleEn),
      titleZh: str(item.titleZh),
      paragraphs: str(item.summaryZh).split(/\n\s*\n/).filter(Boolean),
    });
  });
  return { entries, warnings };
}

/** Lines of the elements of the export's `entries` array. */
function entriesArrayLines(text: string): number[] {
  const at = text.search(/"entries"\s*:\s*\[/);
  if (at < 0) return [];
  const open = text.indexOf('[', at);
  const before = text.slice(0, open).split('\n').length - 1;
  return arrayElementLines(text.slice(open)).map((l) => l + before);
}

export function parseHfDaily(items: unknown[], text: string): Parsed {
  const lineOf = lazyLines(() => arrayElementLines(text));
  const entries: RawEntry[] = [];
  const warnings: DigestWarning[] = [];
  items.forEach((item, i) => {
    const line = lineOf(i);
    const rec = (item ?? {}) as { paper?: { id?: unknown; title?: unknown }; translation?: unknown };
    const ref = parseArxivId(str(rec.paper?.id));
    const translation = str(rec.translation);
    if (!ref) {
      warnings.push({ line, code: 'no-id', params: { item: i + 1 }, message: `record ${i + 1} has no paper id; skipped` });
      return;
    }
    // `标题：…\n\n摘要：…`
    const title = /^\s*标题\s*[:：]\s*(.+)$/m.exec(translation)?.[1] ?? '';
    const summaryAt = translation.search(/摘要\s*[:：]/);
    const summary = summaryAt >= 0 ? translation.slice(summaryAt).replace(/^摘要\s*[:：]\s*/, '') : title ? '' : translation;
    if (!title && !summary.trim()) {
      warnings.push({ line, code: 'no-chinese', params: { id: ref.id }, message: `record ${i + 1} (${ref.id}) has no Chinese translation; skipped` });
      return;
    }
    entries.push({
      line,
      arxivId: ref.id,
      version: ref.version,
      titleEn: tidyTitle(str(rec.paper?.title)),
      titleZh: tidyTitle(title),
      paragraphs: paragraphsOf(summary),
    });
  });
  return { entries, warnings };
}

const AI_PARTS: Array<[string, string]> = [
  ['tldr', ''],
  ['motivation', '动机：'],
  ['method', '方法：'],
  ['result', '结果：'],
  ['conclusion', '结论：'],
];

/** daily-arXiv-ai-enhanced: one paper a line, the Chinese in `AI`. */
export function parseJsonLines(text: string): Parsed {
  const entries: RawEntry[] = [];
  const warnings: DigestWarning[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = i + 1;
    if (!raw.trim()) return;
    let rec: { id?: unknown; title?: unknown; AI?: Record<string, unknown> };
    try {
      rec = JSON.parse(raw);
    } catch {
      warnings.push({ line, code: 'bad-json-line', message: 'not valid JSON; skipped' });
      return;
    }
    const ref = parseArxivId(str(rec?.id)) ?? parseArxivId(str((rec as { abs?: unknown })?.abs));
    if (!ref) {
      warnings.push({ line, code: 'no-id', params: { item: line }, message: 'no arXiv id; skipped' });
      return;
    }
    const ai = rec.AI && typeof rec.AI === 'object' ? rec.AI : {};
    // Forks such as xmkxabc's add the whole abstract in Chinese (`translation`) and a Chinese
    // title (`title_translation`): the TL;DR, then the translation, is the better summary.
    const translation = normalizeSpace(untex(str(ai.translation)));
    const paragraphs = translation
      ? [normalizeSpace(untex(str(ai.tldr))), translation].filter(Boolean)
      : AI_PARTS.map(([key, label]) => normalizeSpace(str(ai[key])) && label + normalizeSpace(str(ai[key]))).filter(Boolean);
    if (!paragraphs.length) {
      warnings.push({ line, code: 'no-chinese', params: { id: ref.id }, message: `${ref.id} has no Chinese summary (AI fields empty); skipped` });
      return;
    }
    entries.push({
      line,
      arxivId: ref.id,
      version: ref.version,
      titleEn: tidyTitle(untex(str(rec.title))),
      titleZh: tidyTitle(untex(str(ai.title_translation))),
      paragraphs,
    });
  });
  return { entries, warnings };
}

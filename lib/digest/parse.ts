/**
 * One entry point for every digest format: the format is told from the content, duplicates
 * merge, key numbers are found, and what could not become an entry is a warning with its line.
 */
import { extractKeyNumbers } from './key-numbers';
import { EXPORT_FORMAT, EXPORT_VERSION, parseExport, parseHfDaily, parseJsonLines, type DigestExport } from './json-formats';
import { parseMarkdown } from './markdown';
import { texToText } from './tex';
import { isCnChatPaper, isDailyScroll, isHuggingArxiv, parseCnChatPaper, parseDailyScroll, parseHuggingArxiv } from './publisher-formats';
import type { DigestEntry, DigestFormat, DigestWarning, ParsedDigest, RawEntry } from './types';

/** A digest larger than this is refused (issue #3): no real digest comes near it. */
export const MAX_DIGEST_BYTES = 20 * 1024 * 1024;

export class DigestError extends Error {
  constructor(
    message: string,
    readonly code: 'empty' | 'too-large' | 'binary' | 'not-utf8' | 'no-entries',
  ) {
    super(message);
    this.name = 'DigestError';
  }
}

/**
 * Bytes from a file or a download to text, or a DigestError saying why not: over the size
 * limit, binary, not UTF-8, empty.
 */
export function decodeDigest(bytes: Uint8Array): string {
  if (bytes.byteLength === 0) throw new DigestError('the file is empty', 'empty');
  if (bytes.byteLength > MAX_DIGEST_BYTES) {
    const mb = (bytes.byteLength / 1024 / 1024).toFixed(1);
    throw new DigestError(`the file is ${mb} MB; a digest may be at most 20 MB`, 'too-large');
  }
  const head = bytes.subarray(0, 8192);
  if (head.includes(0)) throw new DigestError('the file is binary, not a text digest', 'binary');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new DigestError('the file is not UTF-8 text', 'not-utf8');
  }
  text = text.replace(/^\uFEFF/, '');
  if (!text.trim()) throw new DigestError('the file is empty', 'empty');
  return text;
}

/** The format, told from the content, and the parsed JSON when it is JSON (parsed once). */
function sniff(text: string): { format: DigestFormat; data?: unknown } {
  const start = text.trimStart();
  if (start.startsWith('{') || start.startsWith('[')) {
    try {
      const data = JSON.parse(start);
      if (isCnChatPaper(data)) return { format: 'cn-chat-arxiv-paper-json', data };
      if (isDailyScroll(data)) return { format: 'arxiv-daily-scroll-json', data };
      if (Array.isArray(data)) return { format: 'hf-daily-json', data };
      if (data && data.format === EXPORT_FORMAT) return { format: 'arxiv-digest-json', data };
      return { format: 'daily-arxiv-jsonl' };
    } catch {
      // Several JSON objects, one a line.
      try {
        JSON.parse(start.split('\n', 1)[0]);
        return { format: 'daily-arxiv-jsonl' };
      } catch {
        return { format: 'markdown' };
      }
    }
  }
  if (isHuggingArxiv(text)) return { format: 'huggingarxiv-markdown' };
  return { format: 'markdown' };
}

export function detectFormat(text: string): DigestFormat {
  return sniff(text).format;
}

function longer(a: string[], b: string[]): string[] {
  return b.join('\n\n').length > a.join('\n\n').length ? b : a;
}

/** One entry per paper: a later section about the same paper fills what the first lacked. */
function merge(raw: RawEntry[], warnings: DigestWarning[]): RawEntry[] {
  const byId = new Map<string, RawEntry>();
  for (const entry of raw) {
    const seen = byId.get(entry.arxivId);
    if (!seen) {
      // Kept as it is (not copied): a JSON format's line is only worked out if a warning needs it.
      byId.set(entry.arxivId, entry);
      continue;
    }
    seen.titleEn ||= entry.titleEn;
    seen.titleZh ||= entry.titleZh;
    if (entry.version && (!seen.version || entry.version > seen.version)) seen.version = entry.version;
    const a = seen.paragraphs.join('\n\n');
    const b = entry.paragraphs.join('\n\n');
    if (a && b && !a.includes(b) && !b.includes(a)) {
      warnings.push({
        line: entry.line,
        message: `${entry.arxivId} appears again (first at line ${seen.line}); kept the longer summary`,
      });
    }
    seen.paragraphs = longer(seen.paragraphs, entry.paragraphs);
  }
  return [...byId.values()];
}

export function toEntry(raw: RawEntry): DigestEntry {
  // TeX becomes text before key numbers are found, so their offsets fit what the reader sees.
  const summaryZh = raw.paragraphs.map(texToText).join('\n\n');
  return {
    arxivId: raw.arxivId,
    version: raw.version,
    titleEn: texToText(raw.titleEn),
    titleZh: texToText(raw.titleZh),
    summaryZh,
    keyNumbers: extractKeyNumbers(summaryZh),
  };
}

/** Text of any supported digest format → entries and warnings. Never throws on content. */
export function parseDigest(text: string): ParsedDigest {
  const { format, data } = sniff(text);
  let result: { entries: RawEntry[]; warnings: DigestWarning[] };
  switch (format) {
    case 'arxiv-digest-json':
      result = parseExport(data as DigestExport, text);
      break;
    case 'hf-daily-json':
      result = parseHfDaily(data as unknown[], text);
      break;
    case 'daily-arxiv-jsonl':
      result = parseJsonLines(text);
      break;
    case 'cn-chat-arxiv-paper-json':
      result = parseCnChatPaper(data);
      break;
    case 'arxiv-daily-scroll-json':
      result = parseDailyScroll(data);
      break;
    case 'huggingarxiv-markdown':
      result = parseHuggingArxiv(text);
      break;
    default:
      result = parseMarkdown(text);
  }
  const warnings = [...result.warnings];
  const entries = merge(result.entries, warnings).map(toEntry);
  warnings.sort((a, b) => a.line - b.line);
  return { format, entries, warnings };
}

/** The extension's own export: every entry, importable back to the same entries. */
export function exportDigest(entries: DigestEntry[], now = new Date()): string {
  const data: DigestExport = {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: now.toISOString(),
    entries: entries.map(({ arxivId, version, titleEn, titleZh, summaryZh }) => ({ arxivId, version, titleEn, titleZh, summaryZh })),
  };
  return JSON.stringify(data, null, 2) + '\n';
}

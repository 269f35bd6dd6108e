/**
 * One entry point for every digest format: the format is told from the content, duplicates
 * merge, key numbers are found, and what could not become an entry is a warning with its line.
 */
import { extractKeyNumbers } from './key-numbers';
import { EXPORT_FORMAT, EXPORT_VERSION, parseExport, parseHfDaily, parseJsonLines, type DigestExport } from './json-formats';
import { finish, parseMarkdownSteps } from './markdown';
import { texToText } from './tex';
import { isCnChatPaper, isDailyScroll, isHuggingArxiv, parseCnChatPaper, parseDailyScroll, parseHuggingArxiv } from './publisher-formats';
import type { DigestEntry, DigestFormat, DigestWarning, ParsedDigest, RawEntry } from './types';
import { isSkip } from './warning-kinds';

/** A digest larger than this is refused: no real digest comes near it. */
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

/** The encodings a digest is read in: what publishers write, and what Windows Notepad saves. */
export type DigestEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

/**
 * Bytes from a file or a download to text, and the encoding it was in, or a DigestError saying
 * why not: over the size limit, binary, empty, or no encoding we read. The encoding is told by
 * its byte-order mark, else valid UTF-8, else GB18030 (a superset of GBK and GB2312: Chinese
 * Windows' own). A file that is neither is refused rather than shown as mojibake.
 */
export function decodeDigestWithEncoding(bytes: Uint8Array): { text: string; encoding: DigestEncoding } {
  if (bytes.byteLength === 0) throw new DigestError('the file is empty', 'empty');
  if (bytes.byteLength > MAX_DIGEST_BYTES) {
    const mb = (bytes.byteLength / 1024 / 1024).toFixed(1);
    throw new DigestError(`the file is ${mb} MB; a digest may be at most 20 MB`, 'too-large');
  }
  let encoding: DigestEncoding | null = null;
  let body = bytes;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    encoding = 'utf-8';
    body = bytes.subarray(3);
  } else if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    encoding = 'utf-16le';
    body = bytes.subarray(2);
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    encoding = 'utf-16be';
    body = bytes.subarray(2);
  }
  // UTF-16 text is full of zero bytes: only a file without a BOM saying so is binary for them.
  if (encoding !== 'utf-16le' && encoding !== 'utf-16be' && body.subarray(0, 8192).includes(0)) {
    throw new DigestError('the file is binary, not a text digest', 'binary');
  }
  let text: string | null = null;
  const tryDecode = (label: DigestEncoding): string | null => {
    try {
      return new TextDecoder(label, { fatal: true }).decode(body);
    } catch {
      return null;
    }
  };
  if (encoding) text = tryDecode(encoding);
  else {
    text = tryDecode('utf-8');
    encoding = 'utf-8';
    if (text === null && looksLikeGb18030(body)) {
      text = tryDecode('gb18030');
      encoding = 'gb18030';
    }
  }
  if (text === null) throw new DigestError('the file is not UTF-8 text (nor GB18030)', 'not-utf8');
  text = text.replace(/^\uFEFF/, '');
  if (!text.trim()) throw new DigestError('the file is empty', 'empty');
  return { text, encoding };
}

/**
 * GB18030 decodes almost any byte string, so a file is taken for it only when its high bytes
 * pair up as GB's double-byte characters do (lead 0x81–0xFE, trail 0x40–0xFE except 0x7F) or form
 * its four-byte sequences, and most of them do: Latin-1 text (`été`) does not.
 */
function looksLikeGb18030(bytes: Uint8Array): boolean {
  let pairs = 0;
  let strays = 0;
  const n = Math.min(bytes.length, 1 << 16);
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b < 0x80) continue;
    const t = bytes[i + 1];
    if (b >= 0x81 && b <= 0xfe && t !== undefined) {
      if (t >= 0x40 && t <= 0xfe && t !== 0x7f) {
        pairs++;
        i++;
        continue;
      }
      if (t >= 0x30 && t <= 0x39 && bytes[i + 2] >= 0x81 && bytes[i + 2] <= 0xfe && bytes[i + 3] >= 0x30 && bytes[i + 3] <= 0x39) {
        pairs++;
        i += 3;
        continue;
      }
    }
    strays++;
  }
  return pairs > 0 && strays === 0;
}

/** Bytes to text (see decodeDigestWithEncoding). */
export function decodeDigest(bytes: Uint8Array): string {
  return decodeDigestWithEncoding(bytes).text;
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
        code: 'duplicate',
        params: { id: entry.arxivId, first: seen.line },
        message: `${entry.arxivId} appears again (first at line ${seen.line}); kept the longer summary`,
      });
    }
    seen.paragraphs = longer(seen.paragraphs, entry.paragraphs);
  }
  return [...byId.values()];
}

/** A version is a positive integer (`针对 v-1` helps nobody): anything else is dropped with a warning. */
function checkVersion(raw: RawEntry, warnings: DigestWarning[]): void {
  const v: unknown = raw.version;
  if (v === null || v === undefined) {
    raw.version = null;
    return;
  }
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 1) return;
  warnings.push({ line: raw.line, code: 'bad-version', params: { id: raw.arxivId, version: String(v) }, message: `${raw.arxivId}: version ${String(v)} is not a positive whole number; dropped` });
  raw.version = null;
}

/** What one entry may carry: a summary this long is cut (no real one comes near), and this many key numbers. */
export const MAX_SUMMARY_CHARS = 6000;
export const MAX_KEY_NUMBERS = 12;

/** A summary over the limit, cut at the last sentence end (or space) before it, with an ellipsis. */
function capSummary(summary: string): string {
  if (summary.length <= MAX_SUMMARY_CHARS) return summary;
  const head = summary.slice(0, MAX_SUMMARY_CHARS);
  const stops = [head.lastIndexOf('。'), head.lastIndexOf('！'), head.lastIndexOf('？'), head.lastIndexOf('. '), head.lastIndexOf('\n')];
  let cut = Math.max(...stops);
  if (cut < MAX_SUMMARY_CHARS / 2) cut = Math.max(head.lastIndexOf(' '), head.lastIndexOf('，'));
  if (cut < MAX_SUMMARY_CHARS / 2) cut = MAX_SUMMARY_CHARS - 1;
  // Never split a surrogate pair.
  if (/[\ud800-\udbff]/.test(head[cut])) cut--;
  return `${head.slice(0, cut + 1).trimEnd()}…`;
}

export function toEntry(raw: RawEntry, warnings?: DigestWarning[]): DigestEntry {
  // TeX becomes text before key numbers are found, so their offsets fit what the reader sees.
  const whole = raw.paragraphs.map(texToText).join('\n\n');
  const summaryZh = capSummary(whole);
  if (summaryZh !== whole) {
    warnings?.push({ line: raw.line, code: 'summary-truncated', params: { id: raw.arxivId, chars: whole.length, max: MAX_SUMMARY_CHARS }, message: `${raw.arxivId}: the summary has ${whole.length} characters; cut to ${MAX_SUMMARY_CHARS}` });
  }
  return {
    arxivId: raw.arxivId,
    version: raw.version,
    titleEn: texToText(raw.titleEn),
    titleZh: texToText(raw.titleZh),
    summaryZh,
    keyNumbers: extractKeyNumbers(summaryZh).slice(0, MAX_KEY_NUMBERS),
  };
}

/** Text of any supported digest format → entries and warnings. Never throws on content. */
export function parseDigest(text: string): ParsedDigest {
  return finish(parseDigestSteps(text));
}

/** How many entries get their key numbers between two steps of parseDigestSteps. */
const ENTRIES_PER_STEP = 200;

/**
 * The first step of a parse, in steps: the format's own reading, entries not yet merged or
 * finished; a markdown digest yields after each chunk its guard cuts (lib/digest/markdown-guard.ts).
 */
export function* parseRawSteps(text: string): Generator<void, { format: DigestFormat; entries: RawEntry[]; warnings: DigestWarning[] }> {
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
      result = yield* parseMarkdownSteps(text);
  }
  return { format, ...result };
}

/** parseRawSteps run to its end (the background's JSON Lines slices read each slice so). */
export function parseRaw(text: string): { format: DigestFormat; entries: RawEntry[]; warnings: DigestWarning[] } {
  return finish(parseRawSteps(text));
}

/** The second step: versions checked, one entry per paper (its warnings added to a copy of `warnings`). */
export function settleRaw(raw: RawEntry[], warnings: DigestWarning[]): { entries: RawEntry[]; warnings: DigestWarning[] } {
  const all = [...warnings];
  for (const r of raw) checkVersion(r, all);
  return { entries: merge(raw, all), warnings: all };
}

/** The last step: raw entries settled, then finished (TeX, key numbers), yielding every ENTRIES_PER_STEP. */
export function* finishSteps(format: DigestFormat, raw: RawEntry[], rawWarnings: DigestWarning[]): Generator<void, ParsedDigest> {
  const settled = settleRaw(raw, rawWarnings);
  const warnings = settled.warnings;
  const entries: DigestEntry[] = [];
  for (const r of settled.entries) {
    entries.push(toEntry(r, warnings));
    if (entries.length % ENTRIES_PER_STEP === 0) yield;
  }
  warnings.sort((a, b) => a.line - b.line);
  // Each raw entry that did not become an entry of its own was merged into an earlier one.
  return { format, entries, warnings: capWarnings(warnings), merged: raw.length - entries.length };
}

/**
 * parseDigest in steps: a markdown digest yields after each chunk the parser reads, and every
 * format after each ENTRIES_PER_STEP entries made, so that a caller can let the thread do other
 * work between two steps. Run to its end, it is parseDigest.
 */
export function* parseDigestSteps(text: string): Generator<void, ParsedDigest> {
  const raw = yield* parseRawSteps(text);
  return yield* finishSteps(raw.format, raw.entries, raw.warnings);
}

/**
 * At most this many warnings are kept, the last of them saying how many more there were: a
 * 20 MB file of 166,000 bad sections would otherwise carry 25 MB of warnings into the digest's
 * record, and into every answer that lists the digests.
 */
export const MAX_WARNINGS = 1000;

/** `warnings` (sorted by line) cut to MAX_WARNINGS, the last one counting the rest. */
export function capWarnings(warnings: DigestWarning[]): DigestWarning[] {
  if (warnings.length <= MAX_WARNINGS) return warnings;
  const kept = warnings.slice(0, MAX_WARNINGS - 1);
  const rest = warnings.length - kept.length;
  const from = warnings[kept.length].line;
  const skipped = warnings.slice(kept.length).filter(isSkip).length;
  kept.push({ line: from, code: 'more-warnings', params: { count: rest, skipped }, message: `${rest} more warnings from line ${from} on, not listed` });
  return kept;
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

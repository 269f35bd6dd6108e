/**
 * Parsing that lets the worker answer between slices: a look-up waiting in the message queue
 * runs while a big digest is parsed. The steps are parseDigest's own (lib/digest/parse.ts:
 * parseRaw, settleRaw, toEntry), so the result is the same as one parse:
 * - JSON Lines are read a slice of lines at a time;
 * - Markdown is read a part at a time, cut only where a part reads alone as it reads in the
 *   whole (an ATX heading, a footnote definition after a blank line, a table's row read after
 *   the table's header; never in fenced code), and only when the file has no reference-style
 *   link definitions (`[x]: url`, which any section may use);
 * - JSON documents are read whole (JSON.parse is native and fast: 6–30 ms for a 6 MB export);
 * - then entries are finished (TeX, key numbers) a chunk at a time.
 * Used by file, URL and subscription imports alike.
 */
import { parseMarkdown } from '../lib/digest/markdown';
import { capWarnings, detectFormat, parseDigest, parseRaw, settleRaw, toEntry } from '../lib/digest/parse';
import type { DigestEntry, DigestFormat, DigestWarning, ParsedDigest, RawEntry } from '../lib/digest/types';

/**
 * Measured on the real 1.3 MB daily-arXiv file (301 lines) in Node here: 40 lines a slice held
 * the thread up to 43–65 ms at a time; 10 lines, 11–22 ms, the whole parse 110–270 ms instead of
 * 60–110 ms in one piece.
 */
const LINES_PER_SLICE = 10;
/**
 * Markdown: a slice ends at the first place it may be cut after this many characters. The real
 * cn-chat-arxiv cs.AI.md (810 KB, one parse 370–430 ms in Node here) reads ~1.3 characters a µs:
 * 8,000 characters are ~6 ms (10–27 ms for 12,000 with the machine loaded).
 */
export const MARKDOWN_SLICE_CHARS = 8_000;
/** Entries finished (TeX to text, key numbers) between two turns: ~20 µs each. */
const ENTRIES_PER_TURN = 400;

/** Gives the event loop a turn: queued messages are answered before the next slice. */
export const yieldToWorker = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

function isJsonLines(text: string): boolean {
  const start = text.trimStart();
  if (!start.startsWith('{')) return false;
  const first = start.split('\n', 1)[0];
  try {
    JSON.parse(first);
    return start.length > first.length;
  } catch {
    return false;
  }
}

function isJsonLine(line: string): boolean {
  try {
    return line.trim() !== '' && typeof JSON.parse(line) === 'object';
  } catch {
    return false;
  }
}

const shifted = <T extends { line: number }>(xs: T[], by: number): T[] => (by ? xs.map((x) => ({ ...x, line: x.line + by })) : xs);

/** The raw entries of a JSON Lines file, a slice of lines at a time. */
async function jsonLinesRaw(text: string): Promise<{ format: DigestFormat; entries: RawEntry[]; warnings: DigestWarning[] }> {
  const lines = text.split('\n');
  const entries: RawEntry[] = [];
  const warnings: DigestWarning[] = [];
  let format: DigestFormat = 'daily-arxiv-jsonl';
  for (let at = 0, end = 0; at < lines.length; at = end) {
    end = Math.min(at + LINES_PER_SLICE, lines.length);
    // A slice is told apart like a file, by its first line: one that began with a broken line
    // would be read as Markdown and lose its papers. A broken line goes with the slice before.
    while (end < lines.length && !isJsonLine(lines[end])) end++;
    const slice = lines.slice(at, end).join('\n');
    if (slice.trim()) {
      const part = parseRaw(slice);
      format = part.format;
      entries.push(...shifted(part.entries, at));
      warnings.push(...shifted(part.warnings, at));
    }
    await yieldToWorker();
  }
  return { format, entries, warnings };
}

/** A fence line (``` or ~~~, up to 3 spaces in): its marker. */
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
/** A reference-style link definition (not a footnote): any section may use it, so no cut. */
const LINK_DEFINITION = /^ {0,3}\[(?!\^)[^\]]+\]:/;

/** A part of a Markdown file: from its line `from` (0-based) to the next part's; a part that
 * begins inside a table is read after the table's header row and delimiter row (`head`). */
export interface MarkdownPart {
  from: number;
  head?: [number, number];
}

const TABLE_ROW = /^\s{0,3}\|.*\|\s*$/;
const TABLE_DELIMITER = /^\s{0,3}\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/;

/**
 * Where a Markdown file may be cut into parts that read as they read in the whole, or null when
 * it may not be cut at all. A part begins at an ATX heading, at a footnote definition after a
 * blank line, or at a row of a table (read after that table's header), never inside fenced
 * code, each once the part before holds `sliceChars` characters.
 */
export function markdownParts(text: string, sliceChars = MARKDOWN_SLICE_CHARS): MarkdownPart[] | null {
  const lines = text.split('\n');
  if (lines.some((l) => LINK_DEFINITION.test(l))) return null;
  const parts: MarkdownPart[] = [{ from: 0 }];
  let fence: string | null = null;
  let table: number | null = null;
  let size = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const f = FENCE.exec(line);
    if (fence) {
      if (f && f[1][0] === fence[0] && f[1].length >= fence.length && line.trim() === f[1]) fence = null;
    } else if (f) {
      fence = f[1];
      table = null;
    } else if (table !== null && TABLE_ROW.test(line)) {
      if (i > table + 1 && size >= sliceChars) {
        parts.push({ from: i, head: [table, table + 1] });
        size = 0;
      }
    } else {
      table = TABLE_ROW.test(line) && TABLE_DELIMITER.test(lines[i + 1] ?? '') && lines[i + 1].includes('-') ? i : null;
      if (table === null && size >= sliceChars && (/^#{1,6}(\s|$)/.test(line) || (/^\[\^[^\]]+\]:/.test(line) && lines[i - 1]?.trim() === ''))) {
        parts.push({ from: i });
        size = 0;
      }
    }
    size += line.length + 1;
  }
  return parts;
}

/** The raw entries of a Markdown file, a part at a time (null when it may not be cut). */
async function markdownRaw(text: string): Promise<{ format: DigestFormat; entries: RawEntry[]; warnings: DigestWarning[] } | null> {
  const parts = markdownParts(text);
  if (!parts || parts.length < 2) return null;
  const lines = text.split('\n');
  const entries: RawEntry[] = [];
  const warnings: DigestWarning[] = [];
  for (let k = 0; k < parts.length; k++) {
    const { from, head } = parts[k];
    const own = lines.slice(from, parts[k + 1]?.from ?? lines.length);
    const prefix = head ? [lines[head[0]], lines[head[1]]] : [];
    const part = parseMarkdown([...prefix, ...own].join('\n'));
    // The header's two lines make no entry; what follows is shifted to where it stands.
    const by = from - prefix.length;
    entries.push(...shifted(part.entries, by));
    warnings.push(...shifted(part.warnings.filter((w) => w.line > prefix.length), by));
    await yieldToWorker();
  }
  return { format: 'markdown', entries, warnings };
}

/**
 * Below this many characters a digest is parsed in one go: a per-paper file (2–5 KB) takes well
 * under a millisecond, and each turn given to the worker costs a timer's (1–4 ms), which the
 * reader waiting for that paper's panel would pay.
 */
export const WHOLE_BELOW_CHARS = 16_000;

export async function parseInSlices(text: string): Promise<ParsedDigest> {
  if (text.length < WHOLE_BELOW_CHARS) return parseDigest(text);
  let raw: { format: DigestFormat; entries: RawEntry[]; warnings: DigestWarning[] } | null = null;
  if (isJsonLines(text)) raw = await jsonLinesRaw(text);
  else if (detectFormat(text) === 'markdown') raw = await markdownRaw(text);
  if (!raw) {
    await yieldToWorker();
    raw = parseRaw(text);
  }
  await yieldToWorker();
  const settled = settleRaw(raw.entries, raw.warnings);
  const warnings = settled.warnings;
  const entries: DigestEntry[] = [];
  for (let at = 0; at < settled.entries.length; at += ENTRIES_PER_TURN) {
    for (const r of settled.entries.slice(at, at + ENTRIES_PER_TURN)) entries.push(toEntry(r, warnings));
    await yieldToWorker();
  }
  warnings.sort((a, b) => a.line - b.line);
  // Each raw entry that did not become an entry of its own was merged into an earlier one.
  return { format: raw.format, entries, warnings: capWarnings(warnings), merged: raw.entries.length - entries.length };
}

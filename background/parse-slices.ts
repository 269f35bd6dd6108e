/**
 * Parsing that lets the worker answer between slices: a look-up waiting in the message queue
 * runs while a big digest is parsed. The steps are parseDigest's own (lib/digest/parse.ts), so
 * the result is the same as one parse:
 * - JSON Lines are read a slice of lines at a time (parseRaw on each), then settled once;
 * - every other format runs parseDigestSteps: a Markdown digest steps after each chunk its
 *   guard cuts it into (lib/digest/markdown-guard.ts: where no block continues, never in fenced
 *   code or an HTML comment), a JSON document is read whole (JSON.parse is native: ~30 ms for a
 *   6 MB export), and every format's entries are finished (TeX, key numbers) 200 a step;
 * - the worker gets a turn whenever a slice has run SLICE_MS.
 * Used by file, URL and subscription imports alike.
 */
import { finishSteps, parseDigest, parseDigestSteps, parseRaw } from '../lib/digest/parse';
import type { DigestFormat, DigestWarning, ParsedDigest, RawEntry } from '../lib/digest/types';

/**
 * Measured on the real 1.3 MB daily-arXiv file (301 lines) in Node here: 40 lines a slice held
 * the thread up to 43–65 ms at a time; 10 lines, 11–22 ms, the whole parse 110–270 ms instead of
 * 60–110 ms in one piece.
 */
const LINES_PER_SLICE = 10;

/** How long the worker keeps parsing before it gives waiting messages a turn. */
const SLICE_MS = 12;

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

/** Runs `steps` to its end, giving the worker a turn whenever SLICE_MS have passed. */
async function runInSlices<T>(steps: Generator<void, T>): Promise<T> {
  let sliceStart = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() - sliceStart >= SLICE_MS) {
      await yieldToWorker();
      sliceStart = performance.now();
    }
  }
}

/**
 * Below this many characters a digest is parsed in one go: a per-paper file (2–5 KB) takes well
 * under a millisecond, and each turn given to the worker costs a timer's (1–4 ms), which the
 * reader waiting for that paper's panel would pay.
 */
export const WHOLE_BELOW_CHARS = 16_000;

export async function parseInSlices(text: string): Promise<ParsedDigest> {
  if (text.length < WHOLE_BELOW_CHARS) return parseDigest(text);
  await yieldToWorker();
  let parsed: ParsedDigest;
  if (isJsonLines(text)) {
    const raw = await jsonLinesRaw(text);
    parsed = await runInSlices(finishSteps(raw.format, raw.entries, raw.warnings));
  } else {
    parsed = await runInSlices(parseDigestSteps(text));
  }
  await yieldToWorker();
  return parsed;
}

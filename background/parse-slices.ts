/**
 * Parsing that lets the worker answer between slices: a look-up waiting in the message queue
 * runs while a big digest is parsed. Line-based formats (JSON Lines) are parsed a slice of
 * lines at a time; markdown in the chunks its guard cuts it into (lib/digest/markdown-guard.ts),
 * the other formats whole but for their key numbers.
 * Used by file, URL and subscription imports alike.
 */
import { capWarnings, parseDigest, parseDigestSteps } from '../lib/digest/parse';
import type { DigestEntry, DigestWarning, ParsedDigest } from '../lib/digest/types';

/**
 * Measured on the real 1.3 MB daily-arXiv file (301 lines) in Node here: 40 lines a slice held
 * the thread up to 43–65 ms at a time; 10 lines, 11–22 ms, the whole parse 110–270 ms instead of
 * 60–110 ms in one piece.
 */
const LINES_PER_SLICE = 10;

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

/** How long the worker keeps parsing before it gives waiting messages a turn. */
const SLICE_MS = 12;

export async function parseInSlices(text: string): Promise<ParsedDigest> {
  if (!isJsonLines(text)) {
    // Other formats in the steps parseDigestSteps makes (a markdown chunk of ~16 KB, 200
    // entries' key numbers), yielding when a slice has run SLICE_MS: a yield costs a task turn
    // (~1–4 ms), too much to pay for each of a 20 MB digest's 1,300 chunks.
    await yieldToWorker();
    const steps = parseDigestSteps(text);
    let sliceStart = performance.now();
    for (;;) {
      const step = steps.next();
      if (step.done) {
        await yieldToWorker();
        return step.value;
      }
      if (performance.now() - sliceStart >= SLICE_MS) {
        await yieldToWorker();
        sliceStart = performance.now();
      }
    }
  }
  const lines = text.split('\n');
  const byId = new Map<string, DigestEntry>();
  const warnings: DigestWarning[] = [];
  let format: ParsedDigest['format'] = 'daily-arxiv-jsonl';
  for (let at = 0, end = 0; at < lines.length; at = end) {
    end = Math.min(at + LINES_PER_SLICE, lines.length);
    // A slice is told apart like a file, by its first line: one that began with a broken line
    // would be read as Markdown and lose its papers. A broken line goes with the slice before.
    while (end < lines.length && !isJsonLine(lines[end])) end++;
    const slice = lines.slice(at, end).join('\n');
    if (slice.trim()) {
      const part = parseDigest(slice);
      format = part.format;
      // A later line about the same paper keeps the longer summary, as one parse would.
      for (const e of part.entries) {
        const seen = byId.get(e.arxivId);
        if (!seen || e.summaryZh.length > seen.summaryZh.length) byId.set(e.arxivId, e);
      }
      for (const w of part.warnings) warnings.push({ ...w, line: w.line + at });
    }
    await yieldToWorker();
  }
  return { format, entries: [...byId.values()], warnings: capWarnings(warnings) };
}

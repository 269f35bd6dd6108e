/**
 * Parsing that lets the worker answer between slices: a look-up waiting in the message queue
 * runs while a big digest is parsed. Line-based formats (JSON Lines) are parsed a slice of
 * lines at a time; other formats are parsed whole (their sections cannot be cut safely here).
 * Used by file, URL and subscription imports alike.
 */
import { parseDigest } from '../lib/digest/parse';
import type { DigestEntry, DigestWarning, ParsedDigest } from '../lib/digest/types';

const LINES_PER_SLICE = 40;

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

export async function parseInSlices(text: string): Promise<ParsedDigest> {
  if (!isJsonLines(text)) {
    await yieldToWorker();
    const parsed = parseDigest(text);
    await yieldToWorker();
    return parsed;
  }
  const lines = text.split('\n');
  const byId = new Map<string, DigestEntry>();
  const warnings: DigestWarning[] = [];
  let format: ParsedDigest['format'] = 'daily-arxiv-jsonl';
  for (let at = 0; at < lines.length; at += LINES_PER_SLICE) {
    const slice = lines.slice(at, at + LINES_PER_SLICE).join('\n');
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
  return { format, entries: [...byId.values()], warnings };
}

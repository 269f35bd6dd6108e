/**
 * The index format (docs/index-format.md): a small JSON file that lists a publisher's digest
 * files, so that a subscription fetches only the files it does not hold. Pure: the CLI writes
 * it, the background reads it.
 */
export const INDEX_FORMAT = 'arxiv-digest-index';
export const INDEX_VERSION = 1;

export interface IndexFile {
  /** Absolute, or relative to the index's own URL. */
  url: string;
  /** `YYYY-MM-DD`: the day the file is about. */
  date: string;
  /** The digest format (`detectFormat`'s names); informative, the reader detects it again. */
  format: string;
  size?: number;
  /** Lower-case hex SHA-256 of the file's bytes. */
  sha256?: string;
}

export interface DigestIndex {
  format: typeof INDEX_FORMAT;
  version: number;
  generatedAt?: string;
  files: IndexFile[];
}

export function isIndex(text: string): boolean {
  const head = text.trimStart();
  if (!head.startsWith('{')) return false;
  try {
    return (JSON.parse(head) as { format?: unknown }).format === INDEX_FORMAT;
  } catch {
    return false;
  }
}

/**
 * The index's files with absolute https URLs on the index's own host (a file elsewhere would
 * need a permission the reader never gave), or null when the text is not an index. Files
 * that do not fit (no date, another host, a bad sha256) are left out.
 */
export function parseIndex(text: string, base: string): DigestIndex | null {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  const d = data as Partial<DigestIndex> | null;
  if (!d || d.format !== INDEX_FORMAT || !Array.isArray(d.files)) return null;
  const host = new URL(base).host;
  const files: IndexFile[] = [];
  for (const f of d.files as Array<Partial<IndexFile>>) {
    if (!f || typeof f.url !== 'string' || typeof f.date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(f.date)) continue;
    let url: URL;
    try {
      url = new URL(f.url, base);
    } catch {
      continue;
    }
    if (url.protocol !== 'https:' || url.host !== host) continue;
    if (f.sha256 !== undefined && !/^[0-9a-f]{64}$/i.test(String(f.sha256))) continue;
    files.push({
      url: url.href,
      date: f.date,
      format: typeof f.format === 'string' ? f.format : '',
      ...(typeof f.size === 'number' ? { size: f.size } : {}),
      ...(f.sha256 ? { sha256: String(f.sha256).toLowerCase() } : {}),
    });
  }
  return { format: INDEX_FORMAT, version: typeof d.version === 'number' ? d.version : INDEX_VERSION, files };
}

/** The day a digest file is about, from its name (`2026-07-01_AI_enhanced_Chinese.jsonl`, `data/2025-10-15/ai_summary.json`). */
export function dateFromPath(path: string): string | null {
  const m = /(\d{4})-(\d{2})-(\d{2})/.exec(path);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : null;
}

/**
 * `arxiv-digest index DIR --base-url URL`: the index file (docs/index-format.md) for a folder of
 * digests, so that a publisher's readers fetch only the files they do not hold yet. Every file
 * under DIR that is a digest and has a date (YYYY-MM-DD) in its path is listed with its size and
 * sha256; the rest are named on stderr and left out.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { parseDigest } from '../lib/digest/parse';
import { dateFromPath, INDEX_FORMAT, INDEX_VERSION, type DigestIndex, type IndexFile } from '../lib/digest-index';
import { CliError, readDigestFile } from './digest';

export const INDEX_FILE_NAME = 'index.json';

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path));
    else out.push(path);
  }
  return out;
}

/** The base URL as a folder: `https://host/path/`, https only. */
export function checkBaseUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new CliError(`--base-url "${raw}" is not a URL`);
  }
  if (url.protocol !== 'https:') throw new CliError('--base-url must be an https:// address (the extension fetches nothing else)');
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  url.search = '';
  url.hash = '';
  return url;
}

export interface BuiltIndex {
  index: DigestIndex;
  /** Files left out, with why. */
  skipped: Array<{ path: string; why: string }>;
}

export function buildIndex(dir: string, baseUrl: string, now = new Date()): BuiltIndex {
  const base = checkBaseUrl(baseUrl);
  let st;
  try {
    st = statSync(dir);
  } catch {
    throw new CliError(`${dir}: no such folder`);
  }
  if (!st.isDirectory()) throw new CliError(`${dir}: is not a folder`);
  const files: IndexFile[] = [];
  const skipped: BuiltIndex['skipped'] = [];
  for (const path of filesUnder(dir)) {
    const rel = relative(dir, path).split(sep).join('/');
    if (rel === INDEX_FILE_NAME) continue;
    const date = dateFromPath(rel);
    if (!date) {
      skipped.push({ path: rel, why: 'no date (YYYY-MM-DD) in its path' });
      continue;
    }
    let text: string;
    try {
      text = readDigestFile(path);
    } catch (err) {
      skipped.push({ path: rel, why: err instanceof Error ? err.message.replace(`${path}: `, '') : String(err) });
      continue;
    }
    const parsed = parseDigest(text);
    if (!parsed.entries.length) {
      skipped.push({ path: rel, why: 'no digest entry in it' });
      continue;
    }
    // The sha256 and size of the file's own bytes (a BOM included): what a reader downloads.
    const bytes = readFileSync(path);
    files.push({
      url: new URL(rel.split('/').map(encodeURIComponent).join('/'), base).href,
      date,
      format: parsed.format,
      size: bytes.byteLength,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    });
  }
  files.sort((a, b) => a.date.localeCompare(b.date) || a.url.localeCompare(b.url));
  return { index: { format: INDEX_FORMAT, version: INDEX_VERSION, generatedAt: now.toISOString(), files }, skipped };
}

/** Writes DIR/index.json; answers one line for stdout and the skipped files for stderr. */
export function runIndex(args: string[], out: (s: string) => void, err: (s: string) => void): number {
  const dir = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--base-url');
  const at = args.indexOf('--base-url');
  const baseUrl = at >= 0 ? args[at + 1] : undefined;
  if (!dir || !baseUrl) throw new CliError('index needs a DIR and --base-url URL');
  const { index, skipped } = buildIndex(dir, baseUrl);
  for (const s of skipped) err(`skipped ${s.path}: ${s.why}`);
  const target = join(dir, INDEX_FILE_NAME);
  writeFileSync(target, JSON.stringify(index, null, 2) + '\n');
  out(`${target}: ${index.files.length} files listed${skipped.length ? `, ${skipped.length} skipped` : ''}`);
  return index.files.length ? 0 : 1;
}

/**
 * The command-line tool for digest authors, over the same core the extension uses.
 *   parse FILE     entries and warnings as JSON (the objects the extension stores)
 *   validate FILE  a readable report; exit 1 when the file yields no entry
 *   id TEXT        { id, version } of the arXiv id in TEXT; exit 1 when there is none
 *   index DIR --base-url URL   writes DIR/index.json (docs/index-format.md) for a folder of digests
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { parseArxivId } from '../lib/arxiv/ids';
import { decodeDigest, DigestError, MAX_DIGEST_BYTES, parseDigest } from '../lib/digest/parse';
import type { ParsedDigest } from '../lib/digest/types';
import { runIndex } from './index-command';

const USAGE = `usage: arxiv-digest <command>
  parse FILE      print { "entries": [...], "warnings": [...] } as JSON
  validate FILE   print a readable report; exit 1 when the file yields no entry
  id TEXT         print { "id": ..., "version": ... }; exit 1 when TEXT holds no arXiv id
  index DIR --base-url URL
                  write DIR/index.json listing DIR's dated digests (URL, date, format, size, sha256)`;

export class CliError extends Error {}

/** Reads a digest file, refusing what the extension would refuse, with a one-line reason. */
export function readDigestFile(path: string): string {
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new CliError(`${path}: is a directory, not a digest file`);
    size = st.size;
  } catch (err) {
    if (err instanceof CliError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliError(code === 'ENOENT' ? `${path}: no such file` : `${path}: cannot read (${code ?? err})`);
  }
  // A file over the limit is refused before it is read into memory.
  if (size > MAX_DIGEST_BYTES) throw new CliError(`${path}: the file is ${(size / 1048576).toFixed(1)} MB; a digest may be at most 20 MB`);
  const bytes = new Uint8Array(size);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, bytes, 0, size, 0);
  } finally {
    closeSync(fd);
  }
  try {
    return decodeDigest(bytes);
  } catch (err) {
    if (err instanceof DigestError) throw new CliError(`${path}: ${err.message}`);
    throw err;
  }
}

export function report(path: string, parsed: ParsedDigest): string {
  const lines = [`${path}: ${parsed.format}, ${parsed.entries.length} entries, ${parsed.warnings.length} warnings`];
  for (const e of parsed.entries) {
    const v = e.version ? `v${e.version}` : '  ';
    lines.push(`  ${e.arxivId.padEnd(16)} ${v.padEnd(4)} ${String(e.keyNumbers.length).padStart(2)} key numbers  ${e.titleZh || e.titleEn}`);
    for (const k of e.keyNumbers) lines.push(`      ${k.text.padEnd(10)} ${k.label}`);
  }
  if (parsed.warnings.length) lines.push('warnings:');
  for (const w of parsed.warnings) lines.push(`  line ${w.line}: ${w.message}`);
  return lines.join('\n');
}

export function run(argv: string[], out: (s: string) => void, err: (s: string) => void): number {
  const [command, arg] = argv;
  try {
    switch (command) {
      case 'parse': {
        if (!arg) throw new CliError('parse needs a FILE');
        const parsed = parseDigest(readDigestFile(arg));
        out(JSON.stringify({ entries: parsed.entries, warnings: parsed.warnings }, null, 2));
        return 0;
      }
      case 'validate': {
        if (!arg) throw new CliError('validate needs a FILE');
        const parsed = parseDigest(readDigestFile(arg));
        out(report(arg, parsed));
        return parsed.entries.length ? 0 : 1;
      }
      case 'id': {
        const text = argv.slice(1).join(' ');
        const ref = parseArxivId(text);
        if (!ref) throw new CliError(`no arXiv id in "${text}"`);
        out(JSON.stringify(ref));
        return 0;
      }
      case 'index':
        return runIndex(argv.slice(1), out, err);
      default:
        err(USAGE);
        return 2;
    }
  } catch (e) {
    if (e instanceof CliError) {
      err(`arxiv-digest: ${e.message}`);
      return 1;
    }
    err(`arxiv-digest: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}

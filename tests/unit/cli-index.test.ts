/** `arxiv-digest index`: the index a publisher puts beside its digests, read back as the extension reads it. */
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../cli/digest';
import { INDEX_FORMAT, parseIndex } from '../../lib/digest-index';

function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = run(argv, (s) => out.push(s), (s) => err.push(s));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const daily = new URL('../fixtures/feeds/daily-arxiv-ai-enhanced/data/2026-06-29_AI_enhanced_Chinese.jsonl', import.meta.url).pathname;
const seed = new URL('../../digests/default.md', import.meta.url).pathname;
const BASE = 'https://digests.example.org/feed';

/** A publisher's folder: a dated JSONL day, a dated markdown digest in a sub-folder, and files that are no dated digest. */
function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'arxiv-digest-index-'));
  mkdirSync(join(dir, 'data', '2024-10-01'), { recursive: true });
  copyFileSync(daily, join(dir, 'data', '2026-06-29_AI_enhanced_Chinese.jsonl'));
  copyFileSync(seed, join(dir, 'data', '2024-10-01', 'digest 中文.md'));
  copyFileSync(seed, join(dir, 'undated.md'));
  writeFileSync(join(dir, '2026-06-30_error.html'), '<!DOCTYPE html><html><body>404</body></html>');
  return dir;
}

describe('arxiv-digest index', () => {
  it('lists every dated digest under DIR with its URL, date, format, size and sha256, and names what it left out', () => {
    const dir = folder();
    const r = cli('index', dir, '--base-url', BASE);
    expect(r.code).toBe(0);
    expect(r.out).toBe(`${join(dir, 'index.json')}: 2 files listed, 2 skipped`);
    expect(r.err.split('\n').sort()).toEqual(['skipped 2026-06-30_error.html: no digest entry in it', 'skipped undated.md: no date (YYYY-MM-DD) in its path']);
    const text = readFileSync(join(dir, 'index.json'), 'utf8');
    const written = JSON.parse(text);
    expect(written).toMatchObject({ format: INDEX_FORMAT, version: 1, generatedAt: expect.any(String) });
    const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');
    expect(written.files).toEqual([
      {
        url: 'https://digests.example.org/feed/data/2024-10-01/digest%20%E4%B8%AD%E6%96%87.md',
        date: '2024-10-01',
        format: 'markdown',
        size: readFileSync(seed).byteLength,
        sha256: sha(seed),
      },
      {
        url: 'https://digests.example.org/feed/data/2026-06-29_AI_enhanced_Chinese.jsonl',
        date: '2026-06-29',
        format: 'daily-arxiv-jsonl',
        size: readFileSync(daily).byteLength,
        sha256: sha(daily),
      },
    ]);
    // The extension reads it back as written.
    expect(parseIndex(text, `${BASE}/index.json`)!.files).toEqual(written.files);
  });

  it('run again, it does not list its own index and writes the same files', () => {
    const dir = folder();
    cli('index', dir, '--base-url', `${BASE}/`);
    const first = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')).files;
    expect(cli('index', dir, '--base-url', BASE).code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')).files).toEqual(first);
  });

  it('refuses a base URL that is not https, a missing folder, and a call without its arguments, in one line', () => {
    const dir = folder();
    for (const argv of [
      ['index', dir, '--base-url', 'http://digests.example.org/'],
      ['index', dir, '--base-url', 'not a url'],
      ['index', join(dir, 'nope'), '--base-url', BASE],
      ['index', dir],
    ]) {
      const r = cli(...argv);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/^arxiv-digest: /);
      expect(r.err.split('\n')).toHaveLength(1);
    }
  });

  it('exits 1 when no file is a dated digest', () => {
    const dir = mkdtempSync(join(tmpdir(), 'arxiv-digest-index-'));
    copyFileSync(seed, join(dir, 'undated.md'));
    expect(cli('index', dir, '--base-url', BASE)).toMatchObject({ code: 1, out: expect.stringContaining('0 files listed, 1 skipped') });
  });
});

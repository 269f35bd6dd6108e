import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../cli/digest';

function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = run(argv, (s) => out.push(s), (s) => err.push(s));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const seed = new URL('../../digests/default.md', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'arxiv-digest-cli-'));

describe('arxiv-digest', () => {
  it('parse prints the entries and warnings as JSON', () => {
    const r = cli('parse', seed);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json.entries).toHaveLength(14);
    expect(json.warnings).toEqual([]);
    expect(json.entries[4].keyNumbers.map((k: { text: string }) => k.text)).toEqual(['27.97', '29.57']);
  });

  it('validate prints a report and exits 1 when the file yields no entry', () => {
    const ok = cli('validate', seed);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('14 entries, 0 warnings');
    expect(ok.out).toContain('2409.18943');
    const none = join(dir, 'none.md');
    writeFileSync(none, '## 标题\n\n没有链接的中文摘要内容。\n');
    const bad = cli('validate', none);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('line 1: section "标题" has no arXiv link');
  });

  it('id prints the id and version, or exits 1', () => {
    expect(cli('id', 'https://arxiv.org/abs/2410.00531v2')).toEqual({ code: 0, out: '{"id":"2410.00531","version":2}', err: '' });
    expect(cli('id', 'math.GT/0309136')).toMatchObject({ code: 0, out: '{"id":"math/0309136","version":null}' });
    expect(cli('id', 'no id here')).toEqual({ code: 1, out: '', err: 'arxiv-digest: no arXiv id in "no id here"' });
  });

  it('a missing, empty, binary or oversized file gets one line and a non-zero exit', () => {
    const empty = join(dir, 'empty.md');
    writeFileSync(empty, '');
    const binary = join(dir, 'bin.md');
    writeFileSync(binary, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3]));
    const big = join(dir, 'big.md');
    writeFileSync(big, Buffer.alloc(50 * 1024 * 1024, 0x61));
    for (const [file, why] of [
      [join(dir, 'missing.md'), 'no such file'],
      [empty, 'empty'],
      [binary, 'binary'],
      [big, '50.0 MB'],
      [dir, 'directory'],
    ]) {
      const r = cli('parse', file);
      expect(r.code).toBe(1);
      expect(r.err).toContain(why);
      expect(r.err.split('\n')).toHaveLength(1);
    }
  });

  it('prints its usage for an unknown command', () => {
    expect(cli('frobnicate').code).toBe(2);
    expect(cli().err).toContain('usage:');
  });
});

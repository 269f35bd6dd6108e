/**
 * Import counts say what happened: imported N, merged M duplicates (counted by the background:
 * a section or record of the file that repeated a paper of the same file), skipped K sections
 * each with its line and reason; a count of zero says nothing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { fakeBrowser } from 'wxt/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import * as cache from '../../background/cache';
import { parseInSlices } from '../../background/parse-slices';
import { importReport } from '../../components/options/import-report';
import { parseDigest } from '../../lib/digest/parse';
import { openDb, type DigestDb } from '../../storage/db';

const root = join(import.meta.dirname, '../..');
const zh = JSON.parse(readFileSync(join(root, 'public/_locales/zh_CN/messages.json'), 'utf8')) as Record<string, { message: string }>;
function getMessage(key: string, subs?: string | string[]): string {
  const list = subs === undefined ? [] : Array.isArray(subs) ? subs : [subs];
  return (zh[key]?.message ?? '').replace(/\$p(\d)\$/g, (_, i) => list[Number(i) - 1] ?? '');
}
const word = (key: string, ...subs: Array<string | number>) => getMessage(key, subs.map(String));

const section = (id: string, zhTitle: string, summary: string) => `## Title ${id}\n[${zhTitle}](https://arxiv.org/abs/${id})\n\n${summary}\n`;

let db: DigestDb;
beforeEach(() => {
  fakeBrowser.reset();
  (fakeBrowser.i18n as unknown as { getMessage: typeof getMessage }).getMessage = getMessage;
  db = openDb(new IDBFactory(), IDBKeyRange);
});

describe('merged duplicates', () => {
  it('counts each section that repeated a paper of the same file, identical or not', async () => {
    const text = [
      section('2409.18869', '甲', '甲的摘要，第一次出现。'),
      section('2409.17692', '乙', '乙的摘要。'),
      section('2409.18869', '甲', '甲的摘要，第一次出现。'), // the same again: no warning, still merged
      section('2409.18869', '甲', '甲的另一份更长的摘要，和前面的内容不同。'), // differs: merged with a warning
    ].join('\n');
    expect(parseDigest(text)).toMatchObject({ merged: 2 });
    const r = await cache.importDigest(db, text, { name: 'dups.md', origin: 'file' });
    expect(r).toMatchObject({ imported: 2, merged: 2, skipped: 0 });
    expect(r.warnings.map((w) => w.code)).toEqual(['duplicate']);
    // Re-importing the file replaces the digest's entries: nothing there is a duplicate.
    const again = await cache.importDigest(db, text.replace('乙的摘要。', '乙的新摘要。'), { name: 'dups.md', origin: 'file' });
    expect(again).toMatchObject({ imported: 2, merged: 2, unchanged: false });
    expect(await cache.counts(db)).toMatchObject({ entries: 2 });
  });

  it('counts repeats across the slices of a JSON Lines file as one parse would', async () => {
    const line = (id: string, summary: string) => JSON.stringify({ id, title: `T ${id}`, AI: { tldr: summary, motivation: '动机。', method: '方法。', result: '结果。', conclusion: '结论。' } });
    const ids = Array.from({ length: 25 }, (_, i) => `2410.${String(10000 + i)}`);
    // The first paper again at the end: 24 lines later, in another slice.
    const lines = [...ids.map((id) => line(id, `${id} 的中文摘要。`)), line(ids[0], `${ids[0]} 的另一份中文摘要，更长一些。`), line(ids[3], `${ids[3]} 的中文摘要。`)];
    const text = lines.join('\n') + '\n';
    const whole = parseDigest(text);
    const sliced = await parseInSlices(text);
    expect(whole.entries).toHaveLength(25);
    expect(whole.merged).toBe(2);
    expect(sliced.merged).toBe(2);
    expect(sliced.entries).toHaveLength(25);
  });

  it('a file that names each paper once merges nothing', async () => {
    const r = await cache.importDigest(db, section('2409.18869', '甲', '甲的摘要。'), { name: 'one.md', origin: 'file' });
    expect(r.merged).toBe(0);
  });
});

describe('the import report', () => {
  it('says imported, merged and skipped, each skipped section with its line, and no zero counts', async () => {
    const text = [section('2409.18869', '甲', '甲的摘要。'), section('2409.18869', '甲', '甲的摘要。'), '## 没有链接\n\n这一节没有论文链接，只有中文。\n'].join('\n');
    const r = await cache.importDigest(db, text, { name: 'mixed.md', origin: 'file' });
    const report = importReport(r, 'utf-8');
    expect(report.lines).toEqual([word('optImported', 1), word('optMerged', 1), word('optEncoding', 'UTF-8')]);
    expect(report.lists).toHaveLength(1);
    expect(report.lists[0].head).toBe(word('optSkipped', 1));
    expect(report.lists[0].items).toHaveLength(1);
    expect(report.lists[0].items[0]).toContain(word('warningLine', 11, '').trim());
  });

  it('a clean import is one line: no "跳过 0", no "合并 0"', async () => {
    const r = await cache.importDigest(db, section('2409.18869', '甲', '甲的摘要。'), { name: 'clean.md', origin: 'file' });
    const report = importReport(r);
    expect(report).toEqual({ lines: [word('optImported', 1)], lists: [] });
    expect(report.lines.join('')).not.toMatch(/0/);
  });

  it('an entry kept but changed (a version dropped) is a note, not a skipped section', async () => {
    const json = JSON.stringify({ format: 'arxiv-digest', version: 1, entries: [{ arxivId: '2409.18869', version: -1, titleEn: 'T', titleZh: '甲', summaryZh: '甲的摘要。' }] });
    const r = await cache.importDigest(db, json, { name: 'export.json', origin: 'file' });
    expect(r).toMatchObject({ imported: 1, skipped: 0, merged: 0 });
    const report = importReport(r);
    expect(report.lists.map((l) => l.kind)).toEqual(['notes']);
    expect(report.lists[0].head).toBe(word('optNotes', 1));
  });

  it('an unchanged digest says so and nothing else', async () => {
    const text = section('2409.18869', '甲', '甲的摘要。');
    await cache.importDigest(db, text, { name: 'same.md', origin: 'file' });
    const r = await cache.importDigest(db, text, { name: 'same.md', origin: 'file' });
    expect(importReport(r)).toEqual({ lines: [word('importUnchanged', 'same.md')], lists: [] });
  });
});

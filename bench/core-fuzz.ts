/**
 * `npm run bench -- --only=fuzz`: every shape of the fuzz corpus (tests/fuzz-corpus.ts) made into
 * a 20 MB digest (2 MB with `--quick`, or `--fuzz-mb=N`) and parsed once, beside a normal digest
 * of the same size: MB/s per shape, and its ratio to the normal digest's. Time is measured both
 * on the wall and as this process's CPU time (user + system, GC threads included): on a shared
 * machine the CPU figure is the steadier one, and the ratio is taken from it. Node only, no browser.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseInSlices } from '../background/parse-slices';
import { parseDigest } from '../lib/digest/parse';
import { FUZZ_SHAPES } from '../tests/fuzz-corpus';
import { roundTo as round } from './stats';

const root = resolve(import.meta.dirname, '..');

export interface FuzzFigure {
  name: string;
  mb: number;
  wallSeconds: number;
  cpuSeconds: number;
  /** MB per CPU second. */
  mbPerSecond: number;
  /** mbPerSecond over the normal digest's: 1 is as fast per byte, 0.5 twice as slow. */
  ofNormal: number;
  entries: number;
  warnings: Record<string, number>;
}

/** A normal digest of about `bytes`: the seed's entries again and again, under new ids. */
function normalDigest(bytes: number): string {
  const seed = parseDigest(readFileSync(join(root, 'digests/default.md'), 'utf8')).entries;
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const e = seed[i % seed.length];
    const id = `${25 + Math.floor(i / 90_000)}01.${String(10000 + (i % 90_000))}`;
    const part = `## ${e.titleEn}\n[${e.titleZh}](https://arxiv.org/abs/${id})\n\n${e.summaryZh}\n\n`;
    parts.push(part);
    size += Buffer.byteLength(part);
  }
  return parts.join('');
}

/** `make` at about `bytes` UTF-8 bytes (shapes are sized in characters; CJK takes three bytes). */
function sized(make: (chars: number) => string, bytes: number): string {
  const probe = make(20_000);
  const perChar = Buffer.byteLength(probe) / probe.length;
  return make(Math.floor(bytes / perChar));
}

function measure(name: string, text: string): Omit<FuzzFigure, 'ofNormal'> {
  const mb = Buffer.byteLength(text) / 1e6;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const parsed = parseDigest(text);
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  const cpu = (c.user + c.system) / 1e6;
  const warnings: Record<string, number> = {};
  for (const w of parsed.warnings) warnings[w.code] = (warnings[w.code] ?? 0) + 1;
  return { name, mb: round(mb), wallSeconds: round(wall, 3), cpuSeconds: round(cpu, 3), mbPerSecond: round(mb / cpu), entries: parsed.entries.length, warnings };
}

/**
 * The worker's view of an import: parseInSlices (what file, URL and subscription imports run)
 * beside a timer that stands for a waiting message, and the longest wall time between two of its
 * turns — how long a look-up could wait while this digest is parsed.
 */
async function holds(text: string): Promise<{ longestMs: number; turns: number }> {
  let last = performance.now();
  let longest = 0;
  let turns = 0;
  let on = true;
  const turn = () => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    turns++;
    if (on) setTimeout(turn, 0);
  };
  setTimeout(turn, 0);
  await parseInSlices(text);
  on = false;
  return { longestMs: round(longest, 1), turns };
}

/** The shapes whose holds are measured beside the normal digest's: the densest in sections. */
const HOLD_SHAPES = ['ATX headings ×n, nothing under them', 'a table with many rows, every row an entry'];

export async function benchHolds(opts: { quick: boolean; mb?: number }) {
  const bytes = (opts.mb ?? (opts.quick ? 2 : 20)) * 1e6;
  const out: Array<{ name: string; longestMs: number; turns: number }> = [{ name: 'a normal digest', ...(await holds(normalDigest(bytes))) }];
  for (const name of HOLD_SHAPES) out.push({ name, ...(await holds(sized(FUZZ_SHAPES.find((s) => s.name === name)!.make, bytes))) });
  return out;
}

export function benchFuzz(opts: { quick: boolean; mb?: number }) {
  const bytes = (opts.mb ?? (opts.quick ? 2 : 20)) * 1e6;
  const normal = measure('a normal digest', normalDigest(bytes));
  const shapes: FuzzFigure[] = [];
  for (const shape of FUZZ_SHAPES) {
    // One digest in memory at a time: a 20 MB string and its parse are garbage before the next.
    const figure = measure(shape.name, sized(shape.make, bytes));
    shapes.push({ ...figure, ofNormal: round(figure.mbPerSecond / normal.mbPerSecond) });
    console.log(`  ${shape.name}: ${figure.mbPerSecond} MB/s (${figure.cpuSeconds} s CPU, ${figure.wallSeconds} s wall)`);
  }
  const slowest = shapes.reduce((a, b) => (b.ofNormal < a.ofNormal ? b : a));
  return { normal, shapes, slowest: { name: slowest.name, ofNormal: slowest.ofNormal } };
}

/** The part as bench/run.ts registers it: its results and its table rows. */
export async function fuzzPart(opts: { quick: boolean; mb?: number }) {
  const fuzz = { ...benchFuzz(opts), holds: await benchHolds(opts) };
  const rows: Array<[string, string, string]> = [
    [`fuzz: ${fuzz.normal.name}, ${fuzz.normal.mb} MB (CPU time)`, `${fuzz.normal.mbPerSecond} MB/s (${fuzz.normal.entries} entries)`, ''],
    ...fuzz.shapes.map((s): [string, string, string] => [`fuzz: ${s.name}, ${s.mb} MB`, `${s.mbPerSecond} MB/s (${s.ofNormal}× normal)`, '']),
    ['fuzz: the slowest shape per byte', `${fuzz.slowest.ofNormal}× normal (${fuzz.slowest.name})`, ''],
    ...fuzz.holds.map((h): [string, string, string] => [`fuzz: longest the worker waits while parsing ${h.name} in slices`, `${h.longestMs} ms (${h.turns} turns)`, '']),
  ];
  return { fuzz, rows };
}

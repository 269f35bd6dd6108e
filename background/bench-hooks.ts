/**
 * Only in the benchmark build (`wxt build --mode bench`): the cache's functions on the worker's
 * global, so that `npm run bench` can time them inside the worker, and a bare one-get message
 * that measures the floor a look-up cannot go below. Production builds drop this module.
 */
import { blockOf, type DigestDb } from '../storage/db';
import { benchMarks } from './bench-marks';
import * as cache from './cache';
import { parseDigest } from '../lib/digest/parse';
import type { SubscriptionEngine } from './subscriptions/engine';
import type { HotCopy } from './hot-copy';

export type BenchMessage = { type: 'bench:get'; id: string } | { type: 'bench:marks' };

export function isBenchMessage(m: unknown): m is BenchMessage {
  const type = !!m && typeof m === 'object' && (m as { type?: unknown }).type;
  return type === 'bench:get' || type === 'bench:marks';
}

/**
 * The bare round trip's worker side: one IndexedDB read, of the id's block. `bench:marks`: when
 * this worker's start-up steps happened (background/bench-marks.ts).
 */
export async function benchAnswer(db: DigestDb, m: BenchMessage): Promise<{ found: boolean } | Record<string, number>> {
  if (m.type === 'bench:marks') return { ...benchMarks };
  return { found: (await db.blocks.where('block').equals(blockOf(m.id)).toArray()).some((r) => r.ids.includes(m.id)) };
}

/**
 * What the benchmark build puts on the worker's global, typed from the modules it comes from: the
 * benchmark (bench/run.ts) reads it through this type, so renaming or changing a function of the
 * cache fails `tsc --noEmit` rather than the benchmark run.
 */
export interface BenchHooks {
  db: DigestDb;
  cache: typeof import('./cache');
  parseDigest: typeof import('../lib/digest/parse').parseDigest;
  /** The worker's engine, so that the benchmark can time a refresh inside the worker. */
  subscriptions?: SubscriptionEngine;
  /** The hot copy (background/hot-copy.ts), so that the benchmark can time its rebuild. */
  hot?: HotCopy;
}

/** The worker's global as the benchmark sees it, in code it runs there (`worker.evaluate`). */
export interface BenchGlobal {
  __arxivDigestBench: BenchHooks;
}

export function exposeBench(db: DigestDb, subscriptions?: SubscriptionEngine, hot?: HotCopy): void {
  const hooks: BenchHooks = { db, cache, parseDigest, subscriptions, hot };
  (globalThis as unknown as BenchGlobal).__arxivDigestBench = hooks;
}

/**
 * Unsubscribing with "keep its entries" while the worker also reconciles the synced list (as
 * wire.ts does on every change of it): the entries must stay, as a plain digest.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { fakeBrowser } from 'wxt/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import * as cache from '../../background/cache';
import { SubscriptionEngine } from '../../background/subscriptions/engine';
import { subscriptionList } from '../../background/subscriptions/sources';
import { openDb, type DigestDb } from '../../storage/db';

const URL_ = 'https://example.org/digests/cs.AI.md';
const DIGEST = '## A Paper\n[一篇论文](https://arxiv.org/abs/2411.00001)\n\n论文的中文摘要。\n';

let db: DigestDb;
let engine: SubscriptionEngine;
beforeEach(() => {
  fakeBrowser.reset();
  db = openDb(new IDBFactory(), IDBKeyRange);
  const fetchImpl = (async (url: string) => {
    const res = new Response(DIGEST);
    Object.defineProperty(res, 'url', { value: url });
    return res;
  }) as unknown as typeof fetch;
  engine = new SubscriptionEngine({ db, fetchImpl, hasPermission: async () => true });
});

describe('unsubscribe, keeping the entries', () => {
  it('keeps them while the synced list is reconciled', async () => {
    const view = await engine.subscribe({ url: URL_, wait: true });
    const stop = subscriptionList.watch(() => void engine.reconcile());
    await engine.unsubscribe(view.id, true);
    // Let the storage change event and its reconcile run.
    await new Promise((r) => setTimeout(r, 50));
    await engine.reconcile();
    stop();
    const sources = await db.sources.toArray();
    expect(sources).toHaveLength(1);
    expect(sources[0].subscriptionId).toBeUndefined();
    expect(await cache.lookup(db, '2411.00001')).not.toBeNull();
  });
});

/**
 * Subscriptions against a stand-in network (an injected fetch that serves real publishers'
 * files at their paths, with ETags, 304s, missing days, errors), fake storage (fakeBrowser) and
 * fake time. The cache (fake-indexeddb), the parser and the engine are real.
 */
import { readFileSync } from 'node:fs';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { fakeBrowser } from 'wxt/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as cache from '../../background/cache';
import { seedBundled } from '../../background/seed';
import { SubscriptionEngine, isoDay } from '../../background/subscriptions/engine';
import { fetchFile, requestsInFlight } from '../../background/subscriptions/fetcher';
import { ALARM_NAME, backoffMs, MAX_BACKOFF_MS, nextCheckOf, setAlarm } from '../../background/subscriptions/schedule';
import { checkTemplate, fillTemplate, subscriptionList, subscriptionStatus } from '../../background/subscriptions/sources';
import { coverageRows, openDb, type DigestDb } from '../../storage/db';

const fixture = (p: string) => readFileSync(new URL(`../fixtures/${p}`, import.meta.url));
const seed = readFileSync(new URL('../../digests/default.md', import.meta.url), 'utf8');
const DAILY = fixture('feeds/daily-arxiv-ai-enhanced/data/2026-06-29_AI_enhanced_Chinese.jsonl');
const DAILY_LINES = DAILY.toString('utf8').split('\n').filter(Boolean);
const TEMPLATE = 'https://raw.githubusercontent.com/dw-dengwei/daily-arXiv-ai-enhanced/data/data/{date}_AI_enhanced_Chinese.jsonl';
const NOW = Date.parse('2026-07-02T08:00:00Z');

/** A stand-in host: path → body (or a status), with ETags and 304s; it counts requests. */
class Host {
  files = new Map<string, { body: Uint8Array | string; etag?: string; status?: number; headers?: Record<string, string>; url?: string; delayMs?: number }>();
  requests: Array<{ url: string; headers: Record<string, string> }> = [];
  fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    const headers = (init?.headers ?? {}) as Record<string, string>;
    this.requests.push({ url, headers });
    const f = this.files.get(url);
    if (f?.delayMs) {
      await new Promise<void>((resolve, reject) => {
        const t = setTimeout(resolve, f.delayMs);
        init?.signal?.addEventListener('abort', () => (clearTimeout(t), reject(new DOMException('aborted', 'AbortError'))));
      });
    }
    if (!f) return new Response('404: Not Found', { status: 404 });
    if (f.etag && headers['If-None-Match'] === f.etag) return new Response(null, { status: 304 });
    const res = new Response(f.body as BodyInit, { status: f.status ?? 200, headers: { ...(f.etag ? { etag: f.etag } : {}), ...f.headers } });
    if (f.url) Object.defineProperty(res, 'url', { value: f.url });
    return res;
  }) as unknown as typeof fetch;
}

let db: DigestDb;
let host: Host;
let granted: Set<string>;
let engine: SubscriptionEngine;
let now: number;
let ids = 0;

beforeEach(async () => {
  fakeBrowser.reset();
  db = openDb(new IDBFactory(), IDBKeyRange);
  await seedBundled(db, seed);
  host = new Host();
  granted = new Set(['https://raw.githubusercontent.com/*']);
  now = NOW;
  engine = new SubscriptionEngine({ db, fetchImpl: host.fetch, hasPermission: async (o) => granted.has(o), now: () => now, newId: () => `sub${++ids}` });
});
afterEach(() => vi.useRealTimers());

const day = (offset: number) => isoDay(NOW - offset * 86_400_000);
const dayUrl = (offset: number) => fillTemplate(TEMPLATE, { date: day(offset) });
const lines = (from: number, to: number) => DAILY_LINES.slice(from, to).join('\n') + '\n';
const idOf = (line: string) => (JSON.parse(line) as { id: string }).id;

describe('templates', () => {
  it('tells the kind from the placeholders and refuses what is not https or not known', () => {
    expect(checkTemplate(TEMPLATE).kind).toBe('dated');
    expect(checkTemplate('https://raw.githubusercontent.com/qhduan/cn-chat-arxiv/master/papers/{yy}/{mm}/{id}.json').kind).toBe('per-paper');
    expect(checkTemplate('https://raw.githubusercontent.com/qhduan/cn-chat-arxiv/master/cs.AI.md').kind).toBe('fixed');
    expect(() => checkTemplate('http://example.org/{date}.jsonl')).toThrow(expect.objectContaining({ reason: 'not-https' }));
    expect(() => checkTemplate('https://example.org/{day}.jsonl')).toThrow(expect.objectContaining({ reason: 'bad-template', params: { placeholder: '{day}' } }));
    expect(() => checkTemplate('https://example.org/{date}/{id}.json')).toThrow(expect.objectContaining({ reason: 'bad-template' }));
    expect(() => checkTemplate('https://{date}.example.org/x')).toThrow(expect.objectContaining({ reason: 'bad-template' }));
    expect(fillTemplate('https://h/papers/{yy}/{mm}/{id}.json', { id: '2608.00053' })).toBe('https://h/papers/26/08/2608.00053.json');
  });

  it('refuses days outside 1–90 and a second subscription to the same template', async () => {
    await expect(engine.subscribe({ url: TEMPLATE, days: 91 })).rejects.toMatchObject({ reason: 'bad-days', params: { min: 1, max: 90 } });
    await expect(engine.subscribe({ url: TEMPLATE, days: 0 })).rejects.toMatchObject({ reason: 'bad-days' });
    await engine.subscribe({ url: TEMPLATE, days: 1, wait: true });
    await expect(engine.subscribe({ url: TEMPLATE })).rejects.toMatchObject({ reason: 'duplicate-subscription' });
  });
});

describe('the fetcher', () => {
  const url = 'https://raw.githubusercontent.com/o/r/main/x.jsonl';
  it('sends the validators it got, and a 304 is "not modified"', async () => {
    host.files.set(url, { body: lines(0, 3), etag: '"v1"' });
    const first = await fetchFile(url, { fetchImpl: host.fetch });
    expect(first).toMatchObject({ kind: 'ok', validators: { etag: '"v1"' } });
    const again = await fetchFile(url, { fetchImpl: host.fetch, validators: { etag: '"v1"' } });
    expect(again).toEqual({ kind: 'not-modified' });
    expect(host.requests[1].headers['If-None-Match']).toBe('"v1"');
  });

  it('turns every failure into a value with a reason', async () => {
    host.files.set(url, { body: 'oops', status: 500 });
    expect(await fetchFile(url, { fetchImpl: host.fetch })).toMatchObject({ kind: 'failed', error: { reason: 'http-status', params: { status: 500 } } });
    host.files.set(url, { body: '<!DOCTYPE html><html><body>Rate limited</body></html>' });
    expect(await fetchFile(url, { fetchImpl: host.fetch })).toMatchObject({ kind: 'failed', error: { reason: 'not-a-digest' } });
    host.files.set(url, { body: lines(0, 1), url: 'https://evil.example/x.jsonl' });
    expect(await fetchFile(url, { fetchImpl: host.fetch })).toMatchObject({ kind: 'failed', error: { reason: 'redirect-other-host', params: { to: 'evil.example' } } });
    // 25 MB sent without a length: reading stops after 20 MB.
    const big = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < 25; i++) c.enqueue(new Uint8Array(1048576).fill(0x61));
        c.close();
      },
    });
    host.files.set(url, { body: big as unknown as Uint8Array });
    expect(await fetchFile(url, { fetchImpl: host.fetch })).toMatchObject({ kind: 'failed', error: { reason: 'too-large', params: { limitMb: 20 } } });
    expect(await fetchFile(url, { fetchImpl: host.fetch, hasPermission: async () => false })).toMatchObject({ kind: 'failed', error: { reason: 'no-permission', params: { origin: 'https://raw.githubusercontent.com/*' } } });
    expect(await fetchFile('https://raw.githubusercontent.com/none', { fetchImpl: host.fetch })).toEqual({ kind: 'missing', status: 404 });
  });

  it('gives up after 30 s, and runs at most two requests at once', async () => {
    vi.useFakeTimers();
    host.files.set(url, { body: lines(0, 1), delayMs: 60_000 });
    const outcomes = Promise.all([0, 1, 2].map(() => fetchFile(url, { fetchImpl: host.fetch })));
    await vi.advanceTimersByTimeAsync(10);
    expect(requestsInFlight()).toBe(2);
    expect(host.requests.length).toBe(2);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(host.requests.length).toBe(3);
    await vi.advanceTimersByTimeAsync(30_000);
    expect((await outcomes).map((o) => o.kind === 'failed' && o.error.reason)).toEqual(['timeout', 'timeout', 'timeout']);
  });
});

describe('a dated series', () => {
  it('fetches the last N days with progress; a 404 day is no error; later refreshes fetch new days and the last two again', async () => {
    host.files.set(dayUrl(0), { body: lines(0, 40), etag: '"d0"' });
    host.files.set(dayUrl(2), { body: lines(40, 100), etag: '"d2"' });
    const progress: Array<{ done: number; total: number } | undefined> = [];
    subscriptionStatus.watch((v) => progress.push(...Object.values(v ?? {}).map((st) => st.progress)));
    const view = await engine.subscribe({ url: TEMPLATE, days: 4, wait: true });
    expect(view.kind).toBe('dated');
    expect(host.requests.map((r) => r.url).sort()).toEqual([0, 1, 2, 3].map(dayUrl).sort());
    expect(progress.filter(Boolean).at(-1)).toEqual({ done: 4, total: 4 });
    const [sub] = (await engine.list()).subscriptions;
    expect(sub).toMatchObject({ state: 'ok', entriesHeld: 100, lastChecked: NOW, lastChanged: NOW, staleSince: null });
    expect((await cache.lookup(db, idOf(DAILY_LINES[50])))?.source.id).toBe(sub.sourceId);

    // A day later: the new day, and the last two again (conditional), nothing else.
    host.requests = [];
    now = NOW + 86_400_000;
    await engine.refresh(sub.id, true);
    expect(host.requests.map((r) => r.url).sort()).toEqual([fillTemplate(TEMPLATE, { date: isoDay(now) }), dayUrl(0)].sort());
    expect(host.requests.find((r) => r.url === dayUrl(0))?.headers['If-None-Match']).toBe('"d0"');
  });

  it('a 304 or the same body again rewrites nothing', async () => {
    host.files.set(dayUrl(0), { body: lines(0, 40), etag: '"d0"' });
    host.files.set(dayUrl(1), { body: lines(40, 60) });
    await engine.subscribe({ url: TEMPLATE, days: 2, wait: true });
    const before = { blocks: await db.blocks.toArray(), coverage: await db.coverage.toArray(), sources: await db.sources.toArray() };
    now += 3_600_000;
    await engine.refresh(undefined, true);
    expect({ blocks: await db.blocks.toArray(), coverage: await db.coverage.toArray(), sources: await db.sources.toArray() }).toEqual(before);
    expect((await engine.list()).subscriptions[0]).toMatchObject({ lastChecked: now, lastChanged: NOW });
  });

  it('a 500 keeps the last good copy and says since when it is stale; failures back off up to a day', async () => {
    host.files.set(dayUrl(0), { body: lines(0, 40) });
    await engine.subscribe({ url: TEMPLATE, days: 1, wait: true });
    host.files.set(dayUrl(0), { body: 'down', status: 500 });
    now += 3_600_000;
    const failedAt = now;
    await engine.refresh(undefined, true);
    now += 3_600_000;
    await engine.refresh(undefined, true);
    const [sub] = (await engine.list()).subscriptions;
    expect(sub).toMatchObject({ state: 'stale', staleSince: failedAt, entriesHeld: 40, error: { reason: 'http-status', params: { status: 500 } } });
    expect(await cache.lookup(db, idOf(DAILY_LINES[0]))).not.toBeNull();
    expect(backoffMs(1)).toBe(5 * 60_000);
    expect(backoffMs(2)).toBe(10 * 60_000);
    expect(backoffMs(30)).toBe(MAX_BACKOFF_MS);
    expect(sub.nextCheck).toBe(now + backoffMs(2));
  });

  it('a revoked permission pauses it and says so; granted again, it resumes', async () => {
    host.files.set(dayUrl(0), { body: lines(0, 10) });
    await engine.subscribe({ url: TEMPLATE, days: 1, wait: true });
    granted.clear();
    await engine.permissionsChanged();
    expect((await engine.list()).subscriptions[0]).toMatchObject({ state: 'paused', pausedBy: 'permission', nextCheck: null });
    host.requests = [];
    await engine.refreshDue();
    expect(host.requests).toEqual([]);
    granted.add('https://raw.githubusercontent.com/*');
    await engine.permissionsChanged();
    await vi.waitFor(async () => expect((await engine.list()).subscriptions[0].state).toBe('ok'));
  });

  it('retention drops entries of files older than its days, unless a newer file has them', async () => {
    host.files.set(dayUrl(0), { body: lines(0, 10) });
    await engine.subscribe({ url: TEMPLATE, days: 1, wait: true });
    const old = idOf(DAILY_LINES[0]);
    await engine.setSettings({ retentionDays: 90 });
    now = NOW + 91 * 86_400_000;
    host.files.set(fillTemplate(TEMPLATE, { date: isoDay(now) }), { body: lines(5, 20) });
    await engine.refresh(undefined, true);
    expect(await cache.lookup(db, old)).toBeNull();
    expect(await cache.lookup(db, idOf(DAILY_LINES[5]))).not.toBeNull();
    expect((await engine.list()).subscriptions[0].entriesHeld).toBe(15);
  });
});

describe("a subscription's digest as it grows", () => {
  it('its month index holds every paper of every file merged into it and none removed, as one built from its blocks', async () => {
    const url = 'https://raw.githubusercontent.com/qhduan/cn-chat-arxiv/master/cs.AI.md';
    // Three versions of a fixed file, overlapping and in more than one month of ids.
    const other = JSON.parse(DAILY_LINES[40]);
    other.id = '2512.01234';
    for (const body of [lines(0, 30), lines(20, 60), lines(50, 80) + JSON.stringify(other) + '\n']) {
      host.files.set(url, { body });
      now += 7 * 3_600_000;
      if (!(await engine.list()).subscriptions.length) await engine.subscribe({ url, wait: true });
      else await engine.refresh(undefined, true);
    }
    const sourceId = (await engine.list()).subscriptions[0].sourceId!;
    const blocks = await db.blocks.where('sourceId').equals(sourceId).toArray();
    const held = blocks.flatMap((b) => b.ids);
    expect(held).toHaveLength(81);
    const index = (await db.coverage.where('sourceId').equals(sourceId).toArray()).sort((a, b) => a.month.localeCompare(b.month));
    expect(index).toEqual(coverageRows(sourceId, held).sort((a, b) => a.month.localeCompare(b.month)));
    expect(index.map((r) => r.month)).toContain('2512');
    const covered = await cache.coverage(db, [...held, '2512.99999']);
    expect(Object.keys(covered).sort()).toEqual([...held].sort());
    // Papers removed (the retention's way): taken out of the index too, an emptied month's row gone.
    expect(await cache.removeEntries(db, sourceId, [...held.filter((id) => id !== '2512.01234').slice(-10), '2512.01234'])).toBe(11);
    const left = (await db.blocks.where('sourceId').equals(sourceId).toArray()).flatMap((b) => b.ids);
    expect(left).toHaveLength(70);
    const after = (await db.coverage.where('sourceId').equals(sourceId).toArray()).sort((a, b) => a.month.localeCompare(b.month));
    expect(after).toEqual(coverageRows(sourceId, left).sort((a, b) => a.month.localeCompare(b.month)));
    expect(after.map((r) => r.month)).not.toContain('2512');
  });
});

describe('a fixed URL', () => {
  const url = 'https://raw.githubusercontent.com/qhduan/cn-chat-arxiv/master/cs.AI.md';
  it('merges: papers that drop out stay, a changed summary shows the newest, an empty weekend file changes nothing', async () => {
    host.files.set(url, { body: lines(0, 20) });
    await engine.subscribe({ url, wait: true });
    const changed = JSON.parse(DAILY_LINES[25]);
    changed.AI.tldr = '更新后的摘要。';
    host.files.set(url, { body: lines(20, 25) + JSON.stringify(changed) + '\n' });
    now += 7 * 3_600_000;
    await engine.refresh(undefined, true);
    expect(await cache.lookup(db, idOf(DAILY_LINES[0]))).not.toBeNull();
    expect((await cache.lookup(db, changed.id))?.entry.summaryZh).toContain('更新后的摘要');
    host.files.set(url, { body: fixture('feeds/cn-chat-arxiv/cs.AI_empty-weekend.md') });
    await engine.refresh(undefined, true);
    expect((await engine.list()).subscriptions[0]).toMatchObject({ state: 'ok', entriesHeld: 26 });
  });

  it('reads the real cn-chat-arxiv category file', async () => {
    host.files.set(url, { body: fixture('feeds/cn-chat-arxiv/cs.AI.md') });
    const view = await engine.subscribe({ url, wait: true });
    expect((await engine.list()).subscriptions[0].entriesHeld).toBeGreaterThan(50);
    expect(view.kind).toBe('fixed');
  }, 60_000);

  it('a redirect (where to, the browser does not say) keeps the last good copy, stale since then, and asks nowhere else', async () => {
    host.files.set(url, { body: lines(0, 20) });
    await engine.subscribe({ url, wait: true });
    const goodAt = now;
    now += 7 * 3_600_000;
    host.files.set(url, { body: '', status: 302, headers: { location: 'https://objects.githubusercontent.com/cs.AI.md' } });
    const asked = host.requests.length;
    await engine.refresh(undefined, true);
    expect((await engine.list()).subscriptions[0]).toMatchObject({ state: 'stale', staleSince: now, lastChanged: goodAt, entriesHeld: 20, error: { reason: 'redirect-other-host', params: { to: 'objects.githubusercontent.com' } } });
    expect(host.requests.slice(asked).map((r) => r.url)).toEqual([url]);
    expect(await cache.lookup(db, idOf(DAILY_LINES[0]))).not.toBeNull();
  });

  it('a subscription made from the catalog goes by its publisher (and category), not by its URL', async () => {
    host.files.set(url, { body: lines(0, 3) });
    expect((await engine.subscribe({ url, catalogId: 'cnChatArxiv_cs_AI', wait: true })).name).toBe('qhduan/cn-chat-arxiv cs.AI');
    expect((await engine.subscribe({ url: TEMPLATE, days: 1, catalogId: 'dailyArxiv', wait: true })).name).toBe('dw-dengwei/daily-arXiv-ai-enhanced');
    // A catalog id with another URL (a fork) is named from the URL unless a name is given.
    const fork = TEMPLATE.replace('dw-dengwei', 'someone');
    expect((await engine.subscribe({ url: fork, days: 1, catalogId: 'dailyArxiv', wait: true })).name).toBe('raw.githubusercontent.com/someone/daily-arXiv-ai-enhanced/data/data/{date}_AI_enhanced_Chinese.jsonl');
  });

  it('an HTML error page leaves the copy and marks the error', async () => {
    host.files.set(url, { body: '<html><body>502</body></html>', headers: { 'content-type': 'text/html' } });
    await engine.subscribe({ url, wait: true });
    expect((await engine.list()).subscriptions[0]).toMatchObject({ state: 'error', entriesHeld: 0, error: { reason: 'not-a-digest' } });
  });
});

describe('an index', () => {
  it('fetches the files it does not hold, and checks their sha256', async () => {
    const { createHash } = await import('node:crypto');
    const a = lines(0, 5);
    const b = lines(5, 9);
    const base = 'https://pub.example/digests/';
    granted.add('https://pub.example/*');
    host.files.set(`${base}a.jsonl`, { body: a });
    host.files.set(`${base}b.jsonl`, { body: b });
    const index = {
      format: 'arxiv-digest-index',
      version: 1,
      files: [
        { url: 'a.jsonl', date: '2026-07-01', format: 'daily-arxiv-jsonl', sha256: createHash('sha256').update(a).digest('hex') },
        { url: 'b.jsonl', date: '2026-07-02', format: 'daily-arxiv-jsonl', sha256: '0'.repeat(64) },
        { url: 'https://elsewhere.example/c.jsonl', date: '2026-07-02', format: 'daily-arxiv-jsonl' },
      ],
    };
    host.files.set(`${base}index.json`, { body: JSON.stringify(index) });
    await engine.subscribe({ url: `${base}index.json`, wait: true });
    const [sub] = (await engine.list()).subscriptions;
    expect(sub).toMatchObject({ kind: 'index', entriesHeld: 5, error: { reason: 'checksum-mismatch' } });
    expect(host.requests.some((r) => r.url.includes('elsewhere'))).toBe(false);
    host.requests = [];
    await engine.refresh(sub.id, true);
    expect(host.requests.map((r) => r.url).sort()).toEqual([`${base}b.jsonl`, `${base}index.json`]);
  });
});

describe('per paper', () => {
  const template = 'https://raw.githubusercontent.com/qhduan/cn-chat-arxiv/master/papers/{yy}/{mm}/{id}.json';
  it('is off until the reader turns it on; fetches once; remembers a 404 for a day', async () => {
    const line = DAILY_LINES[3];
    const id = idOf(line);
    host.files.set(fillTemplate(template, { id }), { body: line + '\n' });
    await engine.subscribe({ url: template, wait: true });
    expect(host.requests).toEqual([]);
    expect(await engine.lookupPerPaper(id)).toBe(false);
    expect(host.requests).toEqual([]);
    await engine.setSettings({ perPaper: true });
    expect(await engine.lookupPerPaper(id)).toBe(true);
    expect(await cache.lookup(db, id)).not.toBeNull();
    await engine.lookupPerPaper(id);
    expect(host.requests.length).toBe(1);
    await engine.lookupPerPaper('2607.99999');
    await engine.lookupPerPaper('2607.99999');
    expect(host.requests.length).toBe(2);
    now += 86_400_000 + 1;
    await engine.lookupPerPaper('2607.99999');
    expect(host.requests.length).toBe(3);
  });

  it("records the subscription's state and tells the tabs after answering, without making the answer wait for it", async () => {
    const line = DAILY_LINES[4];
    const id = idOf(line);
    host.files.set(fillTemplate(template, { id }), { body: line + '\n' });
    const changed = vi.fn();
    engine = new SubscriptionEngine({ db, fetchImpl: host.fetch, hasPermission: async (o) => granted.has(o), now: () => now, newId: () => `sub${++ids}`, onCacheChanged: changed });
    await engine.subscribe({ url: template, wait: true });
    await engine.setSettings({ perPaper: true });
    expect(await engine.lookupPerPaper(id)).toBe(true);
    // The state is queued at once: the list waits for it.
    expect((await engine.list()).subscriptions[0]).toMatchObject({ lastChecked: now, lastChanged: now, state: 'ok' });
    await vi.waitFor(() => expect(changed).toHaveBeenCalledTimes(1));
    host.files.set(fillTemplate(template, { id: '2607.88888' }), { body: 'oops', status: 500 });
    expect(await engine.lookupPerPaper('2607.88888')).toBe(false);
    expect((await engine.list()).subscriptions[0]).toMatchObject({ staleSince: now, error: { reason: 'http-status' } });
    expect(changed).toHaveBeenCalledTimes(1);
  });
});

describe('storage.sync', () => {
  it('a subscription appearing in the synced list is fetched; one removed is removed with its digest', async () => {
    host.files.set(dayUrl(0), { body: lines(0, 10) });
    await subscriptionList.setValue([{ id: 'from-elsewhere', name: 'daily', kind: 'dated', url: TEMPLATE, days: 1, addedAt: NOW }]);
    await engine.reconcile();
    await vi.waitFor(async () => expect((await engine.list()).subscriptions[0]).toMatchObject({ id: 'from-elsewhere', entriesHeld: 10, state: 'ok' }));
    await subscriptionList.setValue([]);
    await engine.reconcile();
    expect(await db.sources.filter((s) => s.origin === 'subscription').count()).toBe(0);
    expect(await cache.lookup(db, idOf(DAILY_LINES[0]))).toBeNull();
  });

  it('unsubscribing can keep the entries as a plain digest', async () => {
    host.files.set(dayUrl(0), { body: lines(0, 10) });
    const v = await engine.subscribe({ url: TEMPLATE, days: 1, wait: true });
    await engine.unsubscribe(v.id, true);
    expect((await engine.list()).subscriptions).toEqual([]);
    expect((await cache.lookup(db, idOf(DAILY_LINES[0])))?.source.id).toBeTruthy();
  });
});

describe('the schedule', () => {
  it('checks after the interval, sets one alarm for the earliest check, none when manual', async () => {
    vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
    host.files.set(dayUrl(0), { body: lines(0, 10) });
    const v = await engine.subscribe({ url: TEMPLATE, days: 1, wait: true });
    expect(await engine.earliestCheck()).toBe(NOW + 6 * 3_600_000);
    await setAlarm(fakeBrowser.alarms, await engine.earliestCheck(), NOW);
    expect((await fakeBrowser.alarms.get(ALARM_NAME))?.scheduledTime).toBe(NOW + 6 * 3_600_000);
    host.requests = [];
    now = NOW + 5 * 3_600_000;
    await engine.refreshDue();
    expect(host.requests).toEqual([]);
    now = NOW + 6 * 3_600_000;
    await engine.refreshDue();
    expect(host.requests.length).toBe(1);
    await engine.setSettings({ interval: 'manual' });
    expect(await engine.earliestCheck()).toBeNull();
    await setAlarm(fakeBrowser.alarms, null);
    expect(await fakeBrowser.alarms.get(ALARM_NAME)).toBeFalsy();
    await engine.pause(v.id);
    expect(nextCheckOf({ ...(await subscriptionList.getValue())[0] }, (await subscriptionStatus.getValue())[v.id], { interval: 1, retentionDays: 0, perPaper: false })).toBeNull();
  });
});

describe('through the message handlers', () => {
  it('answers the subscription messages, and refusals carry a reason and params the UI words', async () => {
    const { handleMessage } = await import('../../background/handlers');
    const self = { id: 'ext', origin: 'chrome-extension://ext' };
    const page = { id: 'ext', url: 'chrome-extension://ext/options.html' };
    const send = (type: string, data: unknown) => handleMessage(db, { type, data }, page, self, () => {}, engine);
    expect(await send('subscribe', { url: 'https://x.example/{date}.jsonl', days: 120 })).toEqual({
      ok: false,
      error: { code: 'bad-message', message: 'days must be 1–90', reason: 'bad-days', params: { min: 1, max: 90 } },
    });
    host.files.set(dayUrl(0), { body: lines(0, 5) });
    const made = await send('subscribe', { url: TEMPLATE, days: 1 });
    expect(made).toMatchObject({ ok: true, value: { state: 'fetching', kind: 'dated', originPattern: 'https://raw.githubusercontent.com/*' } });
    const id = (made as { value: { id: string } }).value.id;
    expect(await send('refreshSubscription', { id, wait: true })).toMatchObject({ ok: true, value: [{ state: 'ok', entriesHeld: 5 }] });
    expect(await send('pauseSubscription', { id })).toMatchObject({ ok: true, value: { state: 'paused', pausedBy: 'reader' } });
    expect(await send('setSubscriptionSettings', { interval: 24, retentionDays: 7 })).toEqual({ ok: true, value: { interval: 24, retentionDays: 0, perPaper: false } });
    expect(await send('listSubscriptions', {})).toMatchObject({ ok: true, value: { subscriptions: [{ id }], settings: { interval: 24 } } });
    expect(await send('unsubscribe', { id: 'nope' })).toMatchObject({ ok: false, error: { reason: 'unknown-subscription', params: { id: 'nope' } } });
    expect(await send('unsubscribe', { id })).toEqual({ ok: true, value: { removed: 5 } });
  });
});

describe('real publishers\' files, with the publishers\' parsers', () => {
  it('a cn-chat-arxiv paper file fetched on demand answers the look-up with its Chinese title', async () => {
    const template = 'https://raw.githubusercontent.com/qhduan/cn-chat-arxiv/master/papers/{yy}/{mm}/{id}.json';
    host.files.set(fillTemplate(template, { id: '2608.00053' }), { body: fixture('feeds/cn-chat-arxiv/papers/26/08/2608.00053.json') });
    await engine.subscribe({ url: template, wait: true });
    await engine.setSettings({ perPaper: true });
    expect(await engine.lookupPerPaper('arXiv:2608.00053v2')).toBe(true);
    expect(host.requests.map((r) => r.url)).toEqual([fillTemplate(template, { id: '2608.00053' })]);
    const hit = await cache.lookup(db, '2608.00053');
    expect(hit?.entry.titleZh).toMatch(/[\u4e00-\u9fff]/);
    expect(hit?.entry.summaryZh).not.toMatch(/公告类型/);
  });
});

/**
 * Back-off on failures, driven by fake time and the fake alarms: a failing host is asked again
 * after 5 min, 10, 20 … and at most once a day, whatever the interval; one success and the
 * interval rules again.
 */
import { fakeBrowser } from 'wxt/testing';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SubscriptionEngine } from '../../background/subscriptions/engine';
import { ALARM_NAME, MAX_BACKOFF_MS, setAlarm } from '../../background/subscriptions/schedule';
import { openDb } from '../../storage/db';

const URL_ = 'https://example.org/digests/cs.AI.md';
const DIGEST = '## A Paper\n[一篇论文](https://arxiv.org/abs/2411.00001)\n\n论文的中文摘要。\n';
const MIN = 60_000;
const HOUR = 60 * MIN;

let status: number;
let requests: number;
let engine: SubscriptionEngine;

beforeEach(() => {
  fakeBrowser.reset();
  vi.useFakeTimers({ now: Date.UTC(2026, 6, 1, 12), toFake: ['Date'] });
  status = 200;
  requests = 0;
  const fetchImpl = (async (url: string) => {
    requests++;
    const res = new Response(status === 200 ? DIGEST : 'down', { status });
    Object.defineProperty(res, 'url', { value: url });
    return res;
  }) as unknown as typeof fetch;
  engine = new SubscriptionEngine({
    db: openDb(new IDBFactory(), IDBKeyRange),
    fetchImpl,
    hasPermission: async () => true,
    onScheduleChanged: async () => setAlarm(fakeBrowser.alarms, await engine.earliestCheck(), Date.now()),
  });
});
afterEach(() => {
  vi.useRealTimers();
});

/** Time moves to the alarm, which fires; answers how long after the last check it was set. */
async function fireAlarm(): Promise<number> {
  const alarm = await fakeBrowser.alarms.get(ALARM_NAME);
  expect(alarm).toBeTruthy();
  const wait = alarm!.scheduledTime - Date.now();
  vi.setSystemTime(alarm!.scheduledTime);
  await engine.refreshDue();
  return wait;
}

describe('back-off', () => {
  it('doubles from 5 minutes up to a day, beyond a short interval, and the interval returns after a success', async () => {
    await engine.setSettings({ interval: 1 });
    await engine.subscribe({ url: URL_, wait: true });
    expect((await fakeBrowser.alarms.get(ALARM_NAME))!.scheduledTime - Date.now()).toBe(HOUR);
    status = 503;
    const waits: number[] = [];
    for (let i = 0; i < 11; i++) waits.push(await fireAlarm());
    // The first wait is the interval after the success; then 5 min, 10, 20, 40, 80 (past the 1 h interval) … a day.
    expect(waits.map((w) => w / MIN)).toEqual([60, 5, 10, 20, 40, 80, 160, 320, 640, 1280, 1440]);
    expect(waits.at(-1)).toBe(MAX_BACKOFF_MS);
    expect(requests).toBe(12);
    const [view] = (await engine.list()).subscriptions;
    expect(view).toMatchObject({ state: 'stale', error: { reason: 'http-status', params: { status: 503 } } });
    status = 200;
    await fireAlarm();
    expect((await engine.list()).subscriptions[0]).toMatchObject({ state: 'ok', staleSince: null });
    expect(await fireAlarm()).toBe(HOUR);
  });

  it('a manual interval sets no alarm, failing or not', async () => {
    await engine.setSettings({ interval: 'manual' });
    status = 500;
    await engine.subscribe({ url: URL_, wait: true });
    expect(await fakeBrowser.alarms.get(ALARM_NAME)).toBeFalsy();
    expect((await engine.list()).subscriptions[0]).toMatchObject({ state: 'error', nextCheck: null });
  });
});

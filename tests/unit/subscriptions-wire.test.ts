/**
 * The worker's wiring: browser start, the alarm and a revoked permission reach the engine.
 * fakeBrowser stands in for the browser; the network is a stubbed fetch (a unit test).
 */
import { readFileSync } from 'node:fs';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { fakeBrowser } from 'wxt/testing';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { ALARM_NAME } from '../../background/subscriptions/schedule';
import { subscriptionList, subscriptionStatus, emptyStatus } from '../../background/subscriptions/sources';
import { startSubscriptions } from '../../background/subscriptions/wire';
import { openDb } from '../../storage/db';

const line = readFileSync(new URL('../fixtures/feeds/daily-arxiv-ai-enhanced/data/2026-06-29_AI_enhanced_Chinese.jsonl', import.meta.url), 'utf8').split('\n')[0];
const url = 'https://raw.githubusercontent.com/qhduan/cn-chat-arxiv/master/cs.AI.md';
let granted = true;

/** fakeBrowser has no permissions events: a minimal one with a trigger. */
function fakeEvent<T>() {
  const listeners: Array<(x: T) => unknown> = [];
  return { addListener: (l: (x: T) => unknown) => void listeners.push(l), trigger: async (x: T) => void (await Promise.all(listeners.map((l) => l(x)))) };
}
type PermEvent = ReturnType<typeof fakeEvent<{ origins: string[] }>>;
const perms = () => fakeBrowser.permissions as unknown as { contains: () => Promise<boolean>; onAdded: PermEvent; onRemoved: PermEvent };
const requests: string[] = [];

beforeEach(async () => {
  fakeBrowser.reset();
  granted = true;
  requests.length = 0;
  Object.assign(fakeBrowser.permissions, { contains: async () => granted, onAdded: fakeEvent(), onRemoved: fakeEvent() });
  vi.stubGlobal('fetch', async (u: string) => (requests.push(u), new Response(line + '\n')));
  const old = Date.now() - 7 * 3_600_000;
  await subscriptionList.setValue([{ id: 's1', name: 'cs.AI', kind: 'fixed', url, addedAt: old }]);
  await subscriptionStatus.setValue({ s1: { ...emptyStatus(), lastChecked: old, lastSuccess: old } });
});
afterEach(() => vi.unstubAllGlobals());

it('at browser start, a subscription last checked longer ago than its interval is checked; the alarm is set for the next', async () => {
  startSubscriptions(openDb(new IDBFactory(), IDBKeyRange), () => {});
  await vi.waitFor(async () => expect(await fakeBrowser.alarms.get(ALARM_NAME)).toBeTruthy());
  expect(requests).toEqual([]);
  await fakeBrowser.runtime.onStartup.trigger();
  await vi.waitFor(() => expect(requests).toEqual([url]));
  await vi.waitFor(async () => expect((await subscriptionStatus.getValue()).s1.lastChanged).toBeTruthy());
  await vi.waitFor(async () => expect((await fakeBrowser.alarms.get(ALARM_NAME))!.scheduledTime).toBeGreaterThan(Date.now() + 5 * 3_600_000));
});

it('the alarm checks what is due; a revoked permission pauses and no request goes out', async () => {
  startSubscriptions(openDb(new IDBFactory(), IDBKeyRange), () => {});
  granted = false;
  await perms().onRemoved.trigger({ origins: ['https://raw.githubusercontent.com/*'] });
  await vi.waitFor(async () => expect((await subscriptionStatus.getValue()).s1.permissionMissing).toBe(true));
  await fakeBrowser.alarms.onAlarm.trigger({ name: ALARM_NAME, scheduledTime: Date.now() });
  await new Promise((r) => setTimeout(r, 50));
  expect(requests).toEqual([]);
  granted = true;
  await perms().onAdded.trigger({ origins: ['https://raw.githubusercontent.com/*'] });
  await vi.waitFor(() => expect(requests).toEqual([url]));
});

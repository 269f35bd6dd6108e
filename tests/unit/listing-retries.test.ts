// @vitest-environment happy-dom
/**
 * The listing page's own retries when the worker fails: a few timed ones, each after the
 * coverage's back-off, then none until the page changes; none once the feature stopped.
 */
import { fakeBrowser } from 'wxt/testing';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { listingBadges } from '../../features/listing';
import { RETRY_FIRST_MS, RETRY_MAX_MS } from '../../features/listing/coverage';
import { listingPage } from '../../scripts/offline-pages.js';

const ids = Array.from({ length: 40 }, (_, i) => `2410.${String(10000 + i)}`);
let asked: string[] = [];
/** When each coverage question came (the fake clock). */
let askedAt: number[] = [];

beforeEach(() => {
  fakeBrowser.reset();
  // A live extension (extensionAlive): the fake has no id of its own.
  (fakeBrowser.runtime as { id?: string }).id = 'arxiv-digest-test';
  asked = [];
  askedAt = [];
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  vi.spyOn(console, 'error').mockImplementation(() => {});
  // A worker whose cache fails every coverage question.
  fakeBrowser.runtime.onMessage.addListener(((m: { type: string }) => {
    asked.push(m.type);
    if (m.type === 'coverage' || m.type === 'coverageOfMonths') askedAt.push(Date.now());
    return Promise.resolve({ ok: false, error: { code: 'internal', message: 'the cache could not be read', reason: 'database' } });
  }) as never);
  const page = new DOMParser().parseFromString(listingPage(ids), 'text/html');
  document.body.replaceWith(document.adoptNode(page.body));
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const coverageAsks = () => asked.filter((t) => t === 'coverage' || t === 'coverageOfMonths').length;

it('asks again at most three times after failures, backing off, then waits for the page to change', async () => {
  const stop = new AbortController();
  const running = listingBadges('listing', stop.signal);
  await vi.advanceTimersByTimeAsync(50);
  await running;
  expect(coverageAsks()).toBe(1);
  // Ten minutes of a worker that keeps failing: three timed retries, each after a longer wait.
  for (let i = 0; i < 10; i++) await vi.advanceTimersByTimeAsync(RETRY_MAX_MS);
  expect(coverageAsks()).toBe(1 + 3);
  const gaps = askedAt.slice(1).map((t, i) => t - askedAt[i]);
  expect(gaps[0]).toBeGreaterThanOrEqual(RETRY_FIRST_MS);
  expect(gaps[1]).toBeGreaterThan(gaps[0]);
  expect(gaps[2]).toBeGreaterThan(gaps[1]);
  // No badge claims coverage it was never told of.
  expect(document.querySelectorAll('arxiv-digest-badge')).toHaveLength(0);
  stop.abort();
});

it('once the feature stops, no pending retry asks again', async () => {
  const stop = new AbortController();
  const running = listingBadges('listing', stop.signal);
  await vi.advanceTimersByTimeAsync(50);
  await running;
  const before = coverageAsks();
  stop.abort();
  await vi.advanceTimersByTimeAsync(10 * RETRY_MAX_MS);
  expect(coverageAsks()).toBe(before);
});

// @vitest-environment happy-dom
/**
 * The popup's subscriptions line against the real background (handlers and the subscription
 * engine over fake-indexeddb, fake storage), in both UI languages: the extension's own zh_CN and
 * en strings; only the browser's i18n lookup is filled in (the fake browser has none).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { settle } from './settle';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { fakeBrowser } from 'wxt/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handleMessage } from '../../background/handlers';
import { seedBundled } from '../../background/seed';
import { SubscriptionEngine } from '../../background/subscriptions/engine';
import type { Ask } from '../../components/popup/client';
import { PopupSubscriptionsLine } from '../../components/subscriptions/PopupSubscriptionsLine';
import { call } from '../../lib/messaging';
import { openDb, type DigestDb } from '../../storage/db';

const root = join(import.meta.dirname, '../..');
const seed = readFileSync(join(root, 'digests/default.md'), 'utf8');
const CS_AI = readFileSync(join(root, 'tests/fixtures/feeds/cn-chat-arxiv/cs.AI.md'));
const CS_AI_URL = 'https://raw.githubusercontent.com/qhduan/cn-chat-arxiv/master/cs.AI.md';
const self = { id: 'test-ext', origin: 'chrome-extension://test-ext' };

type Messages = Record<string, { message: string }>;
const locales = (['zh_CN', 'en'] as const).map((lang) => [lang, JSON.parse(readFileSync(join(root, `public/_locales/${lang}/messages.json`), 'utf8')) as Messages] as const);

/** Chrome's getMessage over one locale's messages.json: `$p1$`… filled from the substitutions. */
const getMessageOf = (messages: Messages) => (key: string, subs?: string | string[]) => {
  const list = subs === undefined ? [] : Array.isArray(subs) ? subs : [subs];
  return (messages[key]?.message ?? '').replace(/\$p(\d)\$/g, (_, i) => list[Number(i) - 1] ?? '');
};

describe.each(locales)('the popup’s subscriptions line (%s)', (_lang, messages) => {
  const msg = getMessageOf(messages);
  /** A message with its `{name}` params filled, as errorText words a reason. */
  const reason = (key: string, params: Record<string, string | number> = {}) => msg(key).replace(/\{(\w+)\}/g, (w, n: string) => (n in params ? String(params[n]) : w));

  let db: DigestDb;
  let engine: SubscriptionEngine;
  let ask: Ask;
  let container: HTMLElement;

  beforeEach(async () => {
    fakeBrowser.reset();
    (fakeBrowser.i18n as unknown as { getMessage: typeof msg }).getMessage = msg;
    db = openDb(new IDBFactory(), IDBKeyRange);
    await seedBundled(db, seed);
    const fetchImpl = (async (url: string) => (String(url) === CS_AI_URL ? new Response(CS_AI, { headers: { etag: '"a"' } }) : new Response('404', { status: 404 }))) as unknown as typeof fetch;
    engine = new SubscriptionEngine({ db, fetchImpl, hasPermission: async () => true });
    const sender = { id: self.id, url: `${self.origin}/popup.html` };
    ask = ((type: string, data: never) => call((m) => handleMessage(db, m, sender, self, () => {}, engine), type as never, data)) as unknown as Ask;
    container = document.createElement('div');
    document.body.append(container);
  });
  afterEach(() => {
    render(null, container);
    container.remove();
    vi.restoreAllMocks();
  });

  const line = () => container.querySelector<HTMLElement>('[data-testid="popup-subscriptions"]');
  const mount = () => act(() => render(<PopupSubscriptionsLine ask={ask} />, container));
  it('a first request that fails is shown as a failure, in the reader’s language, with a retry that works once the cache is back', async () => {
    await engine.subscribe({ url: CS_AI_URL, wait: true });
    // The cache's database stops: the background's answer to listSubscriptions is an error.
    db.close();
    await expect(ask('listSubscriptions', {})).rejects.toMatchObject({ reason: 'database' });
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    mount();
    const failed = msg('subPopupFailed', [reason('err_database')]);
    await settle(() => expect(line()?.querySelector('[role="alert"]')?.textContent).toContain(failed));
    const retry = () => [...line()!.querySelectorAll('button')].find((b) => b.textContent === msg('popRetry'))!;
    expect(retry()).toBeDefined();
    // Still broken: retrying says so again.
    await act(() => retry().click());
    await settle(() => expect(retry().disabled).toBe(false));
    expect(line()?.querySelector('[role="alert"]')?.textContent).toContain(failed);
    // Back: the retry shows the line.
    await db.open();
    await act(() => retry().click());
    await settle(() => expect(line()?.textContent).toContain(msg('subPopupCount_one', ['1']) || msg('subPopupCount', ['1'])));
    expect(line()?.querySelector('[role="alert"]')).toBeNull();
    expect(line()?.textContent).not.toContain(failed);
  });

  it('says when the list is not synced to the other browsers (a sync problem), with why', async () => {
    vi.spyOn(fakeBrowser.storage.sync, 'set').mockRejectedValue(new Error('Sync is disabled'));
    await engine.subscribe({ url: CS_AI_URL, wait: true });
    mount();
    const notSynced = msg('subPopupNotSynced_one', ['1']) || msg('subPopupNotSynced', ['1']);
    await settle(() => expect(line()?.querySelector('[data-testid="popup-subscriptions-not-synced"]')?.textContent).toContain(notSynced));
    expect(line()!.querySelector('[data-testid="popup-subscriptions-not-synced"]')!.getAttribute('title')).toBe(reason('err_sync_failed', { count: 1 }));
    expect(line()?.textContent).toContain(msg('subPopupCount_one', ['1']) || msg('subPopupCount', ['1']));
    // Synced again (the next change goes through): the line no longer says so.
    vi.restoreAllMocks();
    await engine.subscribe({ url: CS_AI_URL.replace('cs.AI', 'cs.CL'), wait: true });
    await settle(() => expect(line()?.querySelector('[data-testid="popup-subscriptions-not-synced"]')).toBeNull());
    expect(line()?.textContent).toContain(msg('subPopupCount', ['2']));
  });
});

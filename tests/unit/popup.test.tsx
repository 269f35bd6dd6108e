// @vitest-environment happy-dom
/**
 * The popup's components against the real background (handlers over fake-indexeddb) and the
 * extension's own zh_CN strings; only the browser's i18n lookup is filled in, since the fake
 * browser does not implement it.
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
import type { Ask } from '../../components/popup/client';
import { PopupApp } from '../../components/popup/PopupApp';
import { keepSnapshot, readSnapshot } from '../../components/popup/snapshot';
import { call, ProtocolError } from '../../lib/messaging';
import { openDb, type DigestDb } from '../../storage/db';
import { overlayEnabled, readSettings } from '../../storage/settings';

const root = join(import.meta.dirname, '../..');
const zh = JSON.parse(readFileSync(join(root, 'public/_locales/zh_CN/messages.json'), 'utf8')) as Record<string, { message: string }>;
const seed = readFileSync(join(root, 'digests/default.md'), 'utf8');

function getMessage(key: string, subs?: string | string[]): string {
  const list = subs === undefined ? [] : Array.isArray(subs) ? subs : [subs];
  return (zh[key]?.message ?? '').replace(/\$p(\d)\$/g, (_, i) => list[Number(i) - 1] ?? '');
}

let db: DigestDb;
let container: HTMLElement;
let ask: Ask;
const self = { id: 'test-ext', origin: 'chrome-extension://test-ext' };

beforeEach(async () => {
  fakeBrowser.reset();
  (fakeBrowser.i18n as unknown as { getMessage: typeof getMessage }).getMessage = getMessage;
  db = openDb(new IDBFactory(), IDBKeyRange);
  await seedBundled(db, seed);
  const sender = { id: self.id, url: `${self.origin}/popup.html` };
  // The subscription engine is not started here (the end-to-end tests ask the real one): none yet.
  const noSubscriptions = { subscriptions: [], settings: { interval: 6, retentionDays: 0, perPaper: false }, lastRefreshed: null };
  ask = ((type: string, data: never) =>
    type === 'listSubscriptions' ? Promise.resolve(noSubscriptions) : call((m) => handleMessage(db, m, sender, self), type as never, data)) as unknown as Ask;
  container = document.createElement('div');
  document.body.append(container);
});
afterEach(() => {
  render(null, container);
  container.remove();
});

const opened: Array<string | undefined> = [];
function mount(tabUrl: string | null, using: Ask = ask) {
  act(() => {
    render(<PopupApp ask={using} tabUrl={Promise.resolve(tabUrl)} openOptions={(section) => opened.push(section)} />, container);
  });
}

/** The real handlers, except that `type` fails as a stopped database does (its error as the background sends it). */
function failing(type: string): Ask {
  return ((t: string, data: never) =>
    t === type ? Promise.reject(new ProtocolError('internal', 'DatabaseClosedError: Database has been closed')) : ask(t as never, data)) as unknown as Ask;
}

describe('the popup', () => {
  it('shows the current paper’s id, Chinese title and key numbers, in Chinese', async () => {
    mount('https://arxiv.org/abs/2410.00531v1');
    await settle(() => expect(container.querySelector('.paper-title')?.textContent).toBe('TPI-LLM: 在低资源边缘设备上高效服务 70B 规模的大语言模型'));
    expect(container.querySelector('.paper-id')?.textContent).toBe('arXiv:2410.00531');
    // Chips show the parser's display form: a qualifier stays with its number (80% 以上 → >80%).
    expect([...container.querySelectorAll('.current .chip-value')].map((e) => e.textContent)).toEqual(['70B', '>80%', '>90%', '90%', '3.1 GB']);
    expect(container.querySelector('h1')?.textContent).toBe('arXiv 中文摘要');
    await settle(() => expect(container.querySelector('[data-testid="digests-line"]')?.textContent).toContain('1 个摘要合集，共 14 篇'));
  });

  it('says so when no digest covers the paper, which digests were asked and what would cover it; a hint elsewhere', async () => {
    mount('https://arxiv.org/abs/2101.00001');
    await settle(() => expect(container.querySelector('[data-testid="not-covered"]')?.textContent).toBe('已安装的摘要中没有这篇论文。'));
    await settle(() => expect(container.querySelector('[data-testid="asked"]')?.textContent).toBe('已查找的摘要合集：arXiv 中文摘要 · 默认摘要 (2024-09/10)。'));
    await settle(() => expect(container.querySelector('[data-testid="subs-asked"]')?.textContent).toBe('还没有订阅。'));
    const offers = [...container.querySelectorAll<HTMLButtonElement>('.offers button')];
    expect(offers.map((b) => b.textContent)).toEqual(['订阅摘要源', '导入摘要文件', '在缓存中搜索']);
    opened.length = 0;
    await act(() => offers[0].click());
    await act(() => offers[1].click());
    expect(opened).toEqual(['subscriptions', 'digests']);
    await act(() => offers[2].click());
    expect(document.activeElement?.id).toBe('search-input');
    render(null, container);
    mount('https://example.com/');
    await settle(() => expect(container.querySelector('.current .hint')?.textContent).toContain('打开一篇 arXiv 论文'));
  });

  it('the switch has an accessible name and turns the overlay setting off and on', async () => {
    mount(null);
    await settle(() => expect(container.querySelector('[role="switch"][aria-label="在 arXiv 页面显示中文摘要"]')).not.toBeNull());
    const sw = container.querySelector<HTMLButtonElement>('[role="switch"][aria-label="在 arXiv 页面显示中文摘要"]')!;
    expect(sw.getAttribute('aria-checked')).toBe('true');
    await act(() => sw.click());
    await settle(() => expect(sw.getAttribute('aria-checked')).toBe('false'));
    expect(await overlayEnabled.getValue()).toBe(false);
  });

  it('searches the cache by a Chinese word of a summary', async () => {
    mount(null);
    const input = container.querySelector<HTMLInputElement>('#search-input')!;
    await act(() => {
      input.value = '哈达玛矩阵';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await settle(() => expect(container.querySelectorAll('.results a')).toHaveLength(1));
    expect(container.querySelector('.results a')?.getAttribute('href')).toBe('https://arxiv.org/abs/2410.01680');
  });

  it('opens with last time’s settings and digests before any answer comes, then shows the answers', async () => {
    const store = new Storage();
    expect(readSnapshot(store)).toBeNull();
    const sources = await ask('listSources', {});
    keepSnapshot({ sources: [{ ...sources[0], entryCount: 99 }] }, store);
    expect(readSnapshot(store)).toBeNull(); // settings not seen yet: nothing kept
    keepSnapshot({ settings: { ...(await readSettings()), overlayEnabled: false } }, store);
    const first = readSnapshot(store)!;
    expect(first.settings.overlayEnabled).toBe(false);

    // A worker that has not answered yet: the snapshot is what the first render shows.
    let answer!: () => void;
    const gate = new Promise<void>((r) => (answer = r));
    const slowAsk: Ask = (type, data) => gate.then(() => ask(type, data));
    act(() => {
      render(<PopupApp ask={slowAsk} tabUrl={Promise.resolve(null)} initialSettings={gate.then(readSettings)} firstSettings={first.settings} firstSources={first.sources} openOptions={() => {}} />, container);
    });
    expect(container.querySelector('[data-testid="digests-line"]')?.textContent).toContain('共 99 篇');
    expect(container.querySelector('[role="switch"]')?.getAttribute('aria-checked')).toBe('false');
    answer();
    await settle(() => expect(container.querySelector('[data-testid="digests-line"]')?.textContent).toContain('共 14 篇'));
    expect(container.querySelector('[role="switch"]')?.getAttribute('aria-checked')).toBe('true');
  });

  it('a cache that cannot be read is said so, in Chinese, logged once with its code, and retried on request', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    let broken = true;
    const flaky: Ask = ((type: string, data: never) => (broken && type === 'lookup' ? failing('lookup')(type as never, data) : ask(type as never, data))) as unknown as Ask;
    mount('https://arxiv.org/abs/2410.00531', flaky);
    await settle(() => expect(container.querySelector('[data-testid="cache-failed"] p')?.textContent).toBe('无法读取缓存：扩展内部出错了。'));
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0][0])).toContain('internal');
    broken = false;
    await act(() => container.querySelector<HTMLButtonElement>('[data-testid="cache-failed"] button')!.click());
    await settle(() => expect(container.querySelector('.paper-title')?.textContent).toContain('TPI-LLM'));
    expect(container.querySelector('[data-testid="cache-failed"]')).toBeNull();
    warn.mockRestore();
  });

  it('a search that fails shows the error, not "no paper matches"', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    mount(null, failing('search'));
    const input = container.querySelector<HTMLInputElement>('#search-input')!;
    await act(() => {
      input.value = '哈达玛矩阵';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await settle(() => expect(container.querySelector('[data-testid="search-failed"]')?.textContent).toBe('搜索失败：扩展内部出错了。'));
    expect(container.textContent).not.toContain(zh.noResults.message);
    warn.mockRestore();
  });

  it('a digest list that cannot be read says so on the digests line, with a retry', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    mount(null, failing('listSources'));
    await settle(() => expect(container.querySelector('[data-testid="digests-line"] [role="alert"]')?.textContent).toContain('无法读取缓存：扩展内部出错了。'));
    vi.restoreAllMocks();
  });

  it('ignores a damaged snapshot', () => {
    const store = new Storage();
    for (const bad of ['{', '[]', '{"settings":{},"sources":[]}', '{"settings":{"overlayEnabled":true,"displayMode":"zh"},"sources":[{"id":"x"}]}']) {
      store.setItem('arxiv-digest:popup-snapshot:v1', bad);
      expect(readSnapshot(store)).toBeNull();
    }
  });
});

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
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { fakeBrowser } from 'wxt/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handleMessage } from '../../background/handlers';
import { seedBundled } from '../../background/seed';
import type { Ask } from '../../components/popup/client';
import { PopupApp } from '../../components/popup/PopupApp';
import { keepSnapshot, readSnapshot } from '../../components/popup/snapshot';
import { call } from '../../lib/messaging';
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
  ask = (type, data) => call((m) => handleMessage(db, m, sender, self), type, data);
  container = document.createElement('div');
  document.body.append(container);
});
afterEach(() => {
  render(null, container);
  container.remove();
});

async function settle(check: () => void): Promise<void> {
  for (let i = 0; i < 50; i++) {
    try {
      check();
      return;
    } catch {
      await act(() => new Promise((r) => setTimeout(r, 20)));
    }
  }
  check();
}

function mount(tabUrl: string | null) {
  act(() => {
    render(<PopupApp ask={ask} variant="popup" tabUrl={Promise.resolve(tabUrl)} requestOrigin={async () => false} save={() => {}} />, container);
  });
}

describe('the popup', () => {
  it('shows the current paper’s id, Chinese title and key numbers, in Chinese', async () => {
    mount('https://arxiv.org/abs/2410.00531v1');
    await settle(() => expect(container.querySelector('.paper-title')?.textContent).toBe('TPI-LLM: 在低资源边缘设备上高效服务 70B 规模的大语言模型'));
    expect(container.querySelector('.paper-id')?.textContent).toBe('arXiv:2410.00531');
    // Chips show the parser's display form: a qualifier stays with its number (80% 以上 → >80%).
    expect([...container.querySelectorAll('.current .chip-value')].map((e) => e.textContent)).toEqual(['70B', '>80%', '>90%', '90%', '3.1 GB']);
    expect(container.querySelector('h1')?.textContent).toBe('arXiv 中文摘要');
    expect(container.querySelector('.sources')?.textContent).toContain('14 篇');
  });

  it('says so when no digest covers the paper, and gives a hint elsewhere', async () => {
    mount('https://arxiv.org/abs/2101.00001');
    await settle(() => expect(container.querySelector('[data-testid="not-covered"]')?.textContent).toBe('已安装的摘要中没有这篇论文。'));
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
    keepSnapshot({ sources: [{ ...sources[0], name: '上次的摘要' }] }, store);
    expect(readSnapshot(store)).toBeNull(); // settings not seen yet: nothing kept
    keepSnapshot({ settings: { ...(await readSettings()), overlayEnabled: false } }, store);
    const first = readSnapshot(store)!;
    expect(first.settings.overlayEnabled).toBe(false);

    // A worker that has not answered yet: the snapshot is what the first render shows.
    let answer!: () => void;
    const gate = new Promise<void>((r) => (answer = r));
    const slowAsk: Ask = (type, data) => gate.then(() => ask(type, data));
    act(() => {
      render(<PopupApp ask={slowAsk} variant="popup" tabUrl={Promise.resolve(null)} initialSettings={gate.then(readSettings)} firstSettings={first.settings} firstSources={first.sources} requestOrigin={async () => false} save={() => {}} />, container);
    });
    expect(container.querySelector('.source .s-name')?.textContent).toBe('上次的摘要');
    expect(container.querySelector('[role="switch"]')?.getAttribute('aria-checked')).toBe('false');
    answer();
    await settle(() => expect(container.querySelector('.source .s-name')?.textContent).toContain('默认摘要'));
    expect(container.querySelector('[role="switch"]')?.getAttribute('aria-checked')).toBe('true');
  });

  it('ignores a damaged snapshot', () => {
    const store = new Storage();
    for (const bad of ['{', '[]', '{"settings":{},"sources":[]}', '{"settings":{"overlayEnabled":true,"displayMode":"zh"},"sources":[{"id":"x"}]}']) {
      store.setItem('arxiv-digest:popup-snapshot:v1', bad);
      expect(readSnapshot(store)).toBeNull();
    }
  });
});

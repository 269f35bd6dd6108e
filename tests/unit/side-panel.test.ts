/** The background's side-panel switch: on for arXiv tabs, off elsewhere, one call per change. */
import { fakeBrowser } from 'wxt/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { followArxivTabs, isArxivTabUrl } from '../../background/side-panel';

type Options = { tabId?: number; path?: string; enabled?: boolean };

function fakeSidePanel() {
  const calls: Options[] = [];
  const opened: Array<{ tabId?: number }> = [];
  return {
    calls,
    opened,
    api: {
      setOptions: async (o: Options) => void calls.push(o),
      open: async (o: { tabId?: number }) => void opened.push(o),
    },
  };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

// The fake browser has no `commands`: a stand-in that keeps the listeners.
type OnCommand = (command: string, tab?: { id?: number }) => void;
let commandListeners: OnCommand[] = [];
beforeEach(() => {
  fakeBrowser.reset();
  commandListeners = [];
  (fakeBrowser as unknown as { commands: unknown }).commands = { onCommand: { addListener: (l: OnCommand) => commandListeners.push(l) } };
});

describe('isArxivTabUrl', () => {
  it('accepts every arXiv host and page, and nothing else', () => {
    for (const url of ['https://arxiv.org/abs/2409.18869', 'http://export.arxiv.org/pdf/2409.18869v1', 'https://www.arxiv.org/list/cs.CL/new', 'https://arxiv.org/'])
      expect(isArxivTabUrl(url)).toBe(true);
    for (const url of [undefined, '', 'https://example.com/abs/2409.18869', 'https://arxiv.org.evil.com/abs/1', 'chrome://extensions', 'file:///arxiv.org/abs/1'])
      expect(isArxivTabUrl(url)).toBe(false);
  });
});

describe('followArxivTabs', () => {
  it('turns the panel off by default and on for arXiv tabs already open', async () => {
    await fakeBrowser.tabs.create({ url: 'https://arxiv.org/abs/2409.18869' });
    await fakeBrowser.tabs.create({ url: 'https://example.com/' });
    const tabs = await fakeBrowser.tabs.query({});
    const side = fakeSidePanel();
    followArxivTabs(side.api);
    await settle();
    // The fake browser starts with a blank tab of its own.
    expect(tabs.length).toBe(3);
    expect(side.calls).toEqual([
      { enabled: false },
      ...tabs.map((t) => (t.url === 'https://arxiv.org/abs/2409.18869' ? { tabId: t.id, path: 'sidepanel.html', enabled: true } : { tabId: t.id, enabled: false })),
    ]);
  });

  it('follows navigation: on when a tab reaches arXiv, off when it leaves, once per change', async () => {
    const side = fakeSidePanel();
    followArxivTabs(side.api);
    await settle();
    side.calls.length = 0;
    const tab = { id: 7, url: 'https://arxiv.org/pdf/2409.18869v1' } as Parameters<typeof fakeBrowser.tabs.onUpdated.trigger>[2];
    await fakeBrowser.tabs.onUpdated.trigger(7, { url: tab.url }, tab);
    await fakeBrowser.tabs.onUpdated.trigger(7, { status: 'complete' }, tab);
    await fakeBrowser.tabs.onUpdated.trigger(7, { status: 'loading' }, tab);
    // Leaving arXiv: without the tabs permission the new URL is not reported.
    const away = { id: 7 } as typeof tab;
    await fakeBrowser.tabs.onUpdated.trigger(7, { status: 'loading' }, away);
    expect(side.calls).toEqual([{ tabId: 7, path: 'sidepanel.html', enabled: true }, { tabId: 7, enabled: false }]);
  });

  it('opens the panel for the command’s tab', async () => {
    const side = fakeSidePanel();
    followArxivTabs(side.api);
    for (const command of ['toggle-overlay', 'open-side-panel']) commandListeners.forEach((l) => l(command, { id: 3 }));
    expect(side.opened).toEqual([{ tabId: 3 }]);
  });
});

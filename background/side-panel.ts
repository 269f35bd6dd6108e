/**
 * Chrome's side panel is offered on arXiv tabs only: each tab's panel is enabled as its URL
 * becomes an arXiv page and disabled when it leaves (elsewhere there is no paper to show).
 * Firefox's sidebar belongs to the window, not the tab, and has no such switch: there the page
 * itself explains what it is for on other tabs, and the manifest's `_execute_sidebar_action`
 * command opens it.
 *
 * No context-menu item: `contextMenus` would be a permission beyond the ones we hold, and
 * Chrome lists an enabled panel in its own side-panel menu anyway.
 */
import { browser } from 'wxt/browser';
import { ARXIV_HOSTS } from '../lib/arxiv/pages';

interface SidePanelApi {
  setOptions(options: { tabId?: number; path?: string; enabled?: boolean }): Promise<void>;
  open(options: { tabId?: number; windowId?: number }): Promise<void>;
}

export const SIDE_PANEL_PATH = 'sidepanel.html';
export const OPEN_SIDE_PANEL_COMMAND = 'open-side-panel';

/** Chrome's `sidePanel`, or undefined (Firefox; Chrome before 114). */
export function sidePanelApi(): SidePanelApi | undefined {
  return (browser as unknown as { sidePanel?: SidePanelApi }).sidePanel;
}

/** Any page on arXiv's hosts; a URL we may not read (no host access) is not one. */
export function isArxivTabUrl(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const u = new URL(url);
    return /^https?:$/.test(u.protocol) && ARXIV_HOSTS.includes(u.hostname.toLowerCase());
  } catch {
    return false;
  }
}

export function followArxivTabs(api: SidePanelApi | undefined = sidePanelApi()): void {
  if (!api) return;
  // What each tab was last set to: a page's many `onUpdated` events make one call, not ten.
  const state = new Map<number, boolean>();
  const apply = (tabId: number, url: string | undefined) => {
    const enabled = isArxivTabUrl(url);
    if (state.get(tabId) === enabled) return;
    state.set(tabId, enabled);
    void api.setOptions(enabled ? { tabId, path: SIDE_PANEL_PATH, enabled } : { tabId, enabled }).catch(() => state.delete(tabId));
  };
  // Off by default; only tab-specific options turn it on.
  void api.setOptions({ enabled: false }).catch(() => {});
  // The panel's options outlive the worker, but tabs opened while it slept have none yet.
  void browser.tabs.query({}).then((tabs) => tabs.forEach((t) => t.id !== undefined && apply(t.id, t.url)));
  browser.tabs.onUpdated.addListener((tabId, change, tab) => {
    // Without the `tabs` permission a URL is reported only on arXiv; leaving arXiv shows as a
    // load whose URL we cannot read.
    if (change.url !== undefined || change.status === 'loading') apply(tabId, change.url ?? tab.url);
  });
  browser.tabs.onActivated.addListener(({ tabId }) => {
    if (!state.has(tabId)) void browser.tabs.get(tabId).then((t) => apply(tabId, t.url), () => {});
  });
  browser.tabs.onRemoved.addListener((tabId) => state.delete(tabId));
  // The keyboard command is a user gesture only while its listener runs: open at once.
  browser.commands?.onCommand.addListener((command, tab) => {
    if (command === OPEN_SIDE_PANEL_COMMAND && tab?.id !== undefined) void api.open({ tabId: tab.id }).catch(() => {});
  });
}

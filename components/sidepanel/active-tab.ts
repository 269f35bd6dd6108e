/**
 * Which tab the side panel follows: the active tab of its own window, through tab switches and
 * navigation. Opened as an ordinary tab (sidepanel.html in a tab, as the end-to-end tests do
 * where a real side panel cannot be opened headless), it follows whichever other tab becomes
 * active, in any window.
 */
import { browser } from 'wxt/browser';

/** The followed tab's URL; null where it cannot be read (not an arXiv page) or is ourselves. */
export type OnTabUrl = (url: string | null) => void;

export function followActiveTab(onUrl: OnTabUrl): () => void {
  let followed: number | null = null;
  let windowId: number | null = null;
  let selfTab: number | null = null;
  let stopped = false;

  const show = (tabId: number, url: string | undefined) => {
    if (stopped) return;
    followed = tabId;
    onUrl(url ?? null);
  };
  const onActivated = ({ tabId, windowId: w }: { tabId: number; windowId: number }) => {
    if (tabId === selfTab || (windowId !== null && w !== windowId)) return;
    followed = tabId;
    void browser.tabs.get(tabId).then((t) => followed === tabId && show(tabId, t.url), () => {});
  };
  const onUpdated = (tabId: number, change: { url?: string; status?: string }, tab: { url?: string }) => {
    // `url` comes as soon as the tab commits to its new address, before the page loads; without
    // the `tabs` permission it is only reported on arXiv, so a load elsewhere is the sign.
    if (tabId === followed && (change.url !== undefined || change.status === 'loading')) show(tabId, change.url ?? tab.url);
  };
  browser.tabs.onActivated.addListener(onActivated);
  browser.tabs.onUpdated.addListener(onUpdated);

  void (async () => {
    const self = await browser.tabs.getCurrent().catch(() => undefined);
    if (self?.id !== undefined) selfTab = self.id;
    else windowId = (await browser.windows.getCurrent()).id ?? null;
    const query = windowId !== null ? { active: true, windowId } : { active: true };
    const tabs = (await browser.tabs.query(query)).filter((t) => t.id !== selfTab);
    const tab = tabs[0];
    if (followed === null) {
      if (tab?.id !== undefined) show(tab.id, tab.url);
      else onUrl(null);
    }
  })();

  return () => {
    stopped = true;
    browser.tabs.onActivated.removeListener(onActivated);
    browser.tabs.onUpdated.removeListener(onUpdated);
  };
}

/**
 * Chrome does not put content scripts into tabs that were open before an install or update:
 * without this, an arXiv tab open at that moment shows nothing until it is reloaded (and after
 * an update, its old script has lost its connection). Pages loaded after the extension was
 * (re)loaded already have the script: they are left alone, so that no page runs it twice.
 */
import { browser } from 'wxt/browser';

interface Scripting {
  executeScript(o: { target: { tabId: number }; files?: string[]; func?: () => unknown }): Promise<Array<{ result?: unknown }>>;
}

/** `loadedAt`: when this version of the extension started (the worker's first start). */
export async function injectIntoOpenArxivTabs(loadedAt: number): Promise<void> {
  const scripting = (browser as unknown as { scripting?: Scripting }).scripting;
  const script = browser.runtime.getManifest().content_scripts?.[0];
  if (!scripting || !script?.js?.length) return; // Firefox MV2 injects into open tabs itself
  const tabs = await browser.tabs.query({ url: script.matches });
  await Promise.all(
    tabs.map(async (tab) => {
      if (tab.id === undefined) return;
      try {
        const [probe] = await scripting.executeScript({ target: { tabId: tab.id }, func: () => performance.timeOrigin });
        if (typeof probe?.result === 'number' && probe.result >= loadedAt) return;
        await scripting.executeScript({ target: { tabId: tab.id }, files: script.js! });
      } catch {
        // a tab that cannot be scripted (an error page, a discarded tab) is skipped
      }
    }),
  );
}

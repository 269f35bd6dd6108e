/**
 * Chrome does not put content scripts into tabs that were open before an install or update:
 * without this, an arXiv tab open at that moment shows nothing until it is reloaded (and after
 * an update, its old script has lost its connection). The script is idempotent: WXT's context
 * stops an older copy, and the panel keeps to one per page.
 */
import { browser } from 'wxt/browser';

export async function injectIntoOpenArxivTabs(): Promise<void> {
  const scripting = (browser as unknown as { scripting?: { executeScript(o: { target: { tabId: number }; files: string[] }): Promise<unknown> } }).scripting;
  const script = browser.runtime.getManifest().content_scripts?.[0];
  if (!scripting || !script?.js?.length) return; // Firefox MV2 injects into open tabs itself
  const tabs = await browser.tabs.query({ url: script.matches });
  await Promise.all(
    tabs.map((tab) => (tab.id === undefined ? null : scripting.executeScript({ target: { tabId: tab.id }, files: script.js! }).catch(() => null))),
  );
}

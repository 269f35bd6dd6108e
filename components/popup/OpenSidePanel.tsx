import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { isArxivTabUrl, sidePanelApi } from '../../background/side-panel';
import { t } from '../i18n';

interface SidebarActionApi {
  open(): Promise<void>;
}

/**
 * "Open in side panel", on arXiv tabs. Both browsers allow it only inside the click's user
 * gesture, so the click calls the API first, with the tab id already known (an await before
 * the call would lose the gesture in Firefox).
 */
export function OpenSidePanel() {
  const sidePanel = sidePanelApi();
  const sidebar = (browser as unknown as { sidebarAction?: SidebarActionApi }).sidebarAction;
  const [tabId, setTabId] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!sidePanel && !sidebar) return;
    void browser.tabs
      .query({ active: true, lastFocusedWindow: true })
      .then(([tab]) => tab?.id !== undefined && isArxivTabUrl(tab.url) && setTabId(tab.id))
      .catch(() => {});
  }, []);
  if (tabId === null) return null;

  const open = () => {
    const opening = sidePanel ? sidePanel.open({ tabId }) : sidebar!.open();
    opening.then(
      () => window.close(),
      (err: unknown) => setError(t('sideOpenFailed', err instanceof Error ? err.message : String(err))),
    );
  };
  return (
    <div class="row open-side">
      <button type="button" onClick={open}>
        {t('sideOpen')}
      </button>
      {error && (
        <span class="status error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

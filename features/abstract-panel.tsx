/**
 * The Chinese panel right after the English abstract, on abstract pages and HTML full-text
 * pages. Asks for the entry from the URL before the page has parsed, so that the panel is in
 * at the first paint that shows the abstract.
 */
import { SummaryPanel } from '../components/SummaryPanel';
import { PANEL_CSS } from '../components/panel-styles';
import { extractEnglish, extractPaperRef, findAbstractAnchor, pageTheme, versionOnPage } from '../lib/arxiv/dom';
import type { PageInfo } from '../lib/arxiv/pages';
import type { LookupHit } from '../lib/messaging';
import { cacheStamp, displayMode, overlayEnabled, panelCollapsed, readSettings, watchSettings, type Settings } from '../storage/settings';
import { createHost, whenElement, type Host } from './host';
import { ask, extensionAlive } from './messages';

export const PANEL_TAG = 'arxiv-digest-panel';

export async function abstractPanel(page: PageInfo, signal: AbortSignal): Promise<void> {
  // Both requests leave before the page has parsed.
  // `from`: a paper page, so a per-paper subscription (when the reader turned it on) may fetch it.
  const from = page.kind === 'html' ? 'html' : 'abstract';
  let hitRequest: Promise<LookupHit | null> | null = page.ref ? ask('lookup', { id: page.ref.id, from }).catch(() => null) : null;
  const settingsRequest = readSettings();

  const anchor = await whenElement(() => findAbstractAnchor(document), signal);
  if (!anchor || signal.aborted) return;
  // No id in the URL (legacy `/abs?id=`, some HTML pages): the document says which paper it is.
  const ref = page.ref ?? extractPaperRef(document);
  if (!ref) return;
  hitRequest ??= ask('lookup', { id: ref.id, from }).catch(() => null);

  let [hit, settings] = await Promise.all([hitRequest, settingsRequest]);
  let host: Host | null = null;
  // The digest the reader switched to for this paper ("also in"), until the page is left.
  let chosenSource: number | undefined;
  const switchTo = async (sourceId: number) => {
    const other = await ask('lookup', { id: ref.id, sourceId }).catch(() => null);
    if (!other) return;
    chosenSource = sourceId;
    hit = other;
    show();
  };

  const show = () => {
    if (signal.aborted) return;
    if (!hit || !settings.overlayEnabled) {
      host?.remove();
      host = null;
      return;
    }
    // The page may have re-rendered its abstract: find it again.
    const at = anchor.isConnected ? anchor : findAbstractAnchor(document);
    if (!at) return;
    if (!extensionAlive()) return;
    if (!host) host = createHost(PANEL_TAG, hit.entry.arxivId, PANEL_CSS);
    // One panel per page: an earlier run's panel gives way (that run has been stopped, or was
    // cut off by an update and stays quiet).
    document.querySelectorAll(PANEL_TAG).forEach((el) => el !== host!.el && el.remove());
    if (at.nextElementSibling !== host.el) at.after(host.el);
    const theme = pageTheme(document);
    if (theme === 'auto') host.el.removeAttribute('data-theme');
    else host.el.setAttribute('data-theme', theme);
    host.render(
      <SummaryPanel
        hit={hit}
        english={extractEnglish(document)}
        pageVersion={versionOnPage(document, page.ref)}
        mode={settings.displayMode}
        collapsed={settings.panelCollapsed}
        showKeyNumbers={settings.showKeyNumbers}
        onMode={(m) => void displayMode.setValue(m)}
        onCollapse={(c) => void panelCollapsed.setValue(c)}
        onTurnOff={() => void overlayEnabled.setValue(false)}
        onSwitchSource={(sourceId) => void switchTo(sourceId)}
      />,
    );
  };
  show();

  // If the page removes the panel (or re-renders around it), it comes back.
  const observer = new MutationObserver(() => {
    if (host && !host.el.isConnected && extensionAlive()) show();
  });
  observer.observe(document.documentElement, { childList: true, subtree: true });
  // HTML pages switch their theme on <html data-theme>.
  const themeObserver = new MutationObserver(show);
  themeObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });

  const stopSettings = watchSettings((s: Settings) => {
    settings = s;
    show();
  });
  const stopStamp = cacheStamp.watch(async () => {
    hit = await ask('lookup', { id: ref.id, sourceId: chosenSource }).catch(() => hit);
    show();
  });
  signal.addEventListener('abort', () => {
    observer.disconnect();
    themeObserver.disconnect();
    stopSettings();
    stopStamp();
    host?.remove();
  });
}

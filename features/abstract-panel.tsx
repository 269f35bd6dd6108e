/**
 * The Chinese panel right after the English abstract, on abstract pages and HTML full-text
 * pages. Asks for the entry from the URL before the page has parsed, so that the panel is in
 * at the first paint that shows the abstract. In 双语 the Chinese title also stands under the
 * page's English title; the English itself is the page's own and is never printed again.
 */
import { PanelFailure, SummaryPanel, TitleUnderPage, UndoNotice } from '../components/SummaryPanel';
import { NOTICE_CSS, PANEL_CSS, TITLE_CSS } from '../components/panel-styles';
import { t, type MessageKey } from '../components/i18n';
import { converterFor, convertHit, resolveScript, zhLang, type Convert } from '../components/zh-script';
import { extractPaperRef, findAbstractAnchor, findTitleAnchor, pageTheme, versionOnPage } from '../lib/arxiv/dom';
import type { PageInfo } from '../lib/arxiv/pages';
import type { LookupHit } from '../lib/messaging';
import { cacheStamp, displayMode, overlayEnabled, panelCollapsed, readSettings, watchSettings, type Settings } from '../storage/settings';
import { pageTextSize, pageTone, watchPageLook, whenElement } from './host';
import { extensionAlive } from './messages';
import { lookup, type Lookup } from './paper-lookup';
import { createUiHost, type UiHost } from './ui-host';

export const PANEL_TAG = 'arxiv-digest-panel';
export const TITLE_TAG = 'arxiv-digest-title';
export const NOTICE_TAG = 'arxiv-digest-notice';

/** Requests the page start (abstract-start.ts) sent before this module was loaded. */
export interface Started {
  lookup: Promise<Lookup> | null;
  settings: Promise<Settings>;
  /** The start's own look-up, so that a failure is logged once a page, not once a module. */
  find: typeof lookup;
}

export async function abstractPanel(page: PageInfo, signal: AbortSignal, started?: Started): Promise<void> {
  const find = started?.find ?? lookup;
  // Both requests leave before the page has parsed.
  let lookupRequest: Promise<Lookup> | null = started ? started.lookup : page.ref ? find(page.ref.id, page.kind === 'html' ? 'html' : 'abstract') : null;
  const settingsRequest = started?.settings ?? readSettings();

  const anchor = await whenElement(() => findAbstractAnchor(document), signal);
  if (!anchor || signal.aborted) return;
  // No id in the URL (legacy `/abs?id=`, some HTML pages): the document says which paper it is.
  const ref = page.ref ?? extractPaperRef(document);
  if (!ref) return;
  lookupRequest ??= find(ref.id, page.kind === 'html' ? 'html' : 'abstract');

  let [result, settings] = await Promise.all([lookupRequest, settingsRequest]);
  let host: UiHost | null = null;
  let titleHost: UiHost | null = null;
  let notice: UiHost | null = null;
  let hiddenHere = false;
  /** 繁體: the converter once loaded, and the hit converted with it. */
  let converter: { script: string; convert: Convert | null } | null = null;
  let converted: { from: LookupHit; script: string; hit: LookupHit } | null = null;

  const tone = () => {
    const theme = pageTheme(document);
    return theme === 'auto' ? pageTone(document) : theme;
  };

  const removeAll = () => {
    host?.remove();
    host = null;
    titleHost?.remove();
    titleHost = null;
  };

  /** The hit in the reader's script; null while the 繁體 tables load. */
  const viewOf = (hit: LookupHit): LookupHit | null => {
    const script = resolveScript(settings.zhScript);
    if (script === 'hans') return hit;
    if (converted?.from === hit && converted.script === script) return converted.hit;
    if (converter?.script !== script) {
      const wanted = script;
      converter = { script: wanted, convert: null };
      void converterFor(wanted).then(
        (convert) => {
          if (converter?.script === wanted) converter.convert = convert;
          show();
        },
        (err) => {
          // The tables could not be loaded: the Simplified text rather than none.
          console.warn('[arxiv-digest] the 繁體 converter did not load:', err);
          if (converter?.script === wanted) converter.convert = (s) => s;
          show();
        },
      );
      return null;
    }
    if (!converter.convert) return null;
    converted = { from: hit, script, hit: convertHit(hit, converter.convert) };
    return converted.hit;
  };

  const showNotice = (message: MessageKey, undo: () => void, hadFocus: boolean) => {
    notice?.remove();
    const n = createUiHost(NOTICE_TAG, ref.id, NOTICE_CSS);
    notice = n;
    n.el.setAttribute('data-theme', tone());
    document.body.append(n.el);
    const done = () => {
      n.remove();
      if (notice === n) notice = null;
    };
    n.render(
      <UndoNotice
        message={t(message)}
        onUndo={() => {
          done();
          undo();
        }}
        onDone={done}
      />,
    );
    if (hadFocus) n.el.shadowRoot?.querySelector<HTMLButtonElement>('.undo')?.focus();
  };

  // The digest the reader switched to for this paper ("also in"), until the page is left.
  let chosenSource: number | undefined;
  const switchTo = async (sourceId: number) => {
    const other = await find(ref.id, page.kind === 'html' ? 'html' : 'abstract', sourceId);
    if (!('hit' in other) || !other.hit) return;
    chosenSource = sourceId;
    result = other;
    show();
  };

  const show = () => {
    if (signal.aborted) return;
    const hit = 'hit' in result ? result.hit : null;
    const failed = 'failed' in result ? result.failed : null;
    if (!settings.overlayEnabled || hiddenHere || (!hit && !failed)) return removeAll();
    // The page may have re-rendered its abstract: find it again.
    const at = anchor.isConnected ? anchor : findAbstractAnchor(document);
    if (!at || !extensionAlive()) return;
    const view = hit && viewOf(hit);
    if (hit && !view) return; // the 繁體 tables are loading: show() again when they are in
    if (!host) host = createUiHost(PANEL_TAG, ref.id, PANEL_CSS);
    // One panel per page: an earlier run's panel gives way (that run has been stopped, or was
    // cut off by an update and stays quiet).
    document.querySelectorAll(PANEL_TAG).forEach((el) => el !== host!.el && el.remove());
    if (at.nextElementSibling !== host.el) at.after(host.el);
    host.el.setAttribute('data-theme', tone());
    host.el.style.fontSize = `${pageTextSize(at)}px`;
    const lang = zhLang(resolveScript(settings.zhScript));
    if (!view) {
      host.render(
        <PanelFailure
          code={failed!}
          onRetry={async () => {
            result = await find(ref.id, page.kind === 'html' ? 'html' : 'abstract');
            show();
          }}
        />,
      );
      titleHost?.remove();
      titleHost = null;
      return;
    }
    const title = findTitleAnchor(document);
    const titleHere = settings.displayMode === 'bilingual' && !settings.panelCollapsed && !!title && !!view.entry.titleZh;
    host.render(
      <SummaryPanel
        hit={view}
        pageVersion={versionOnPage(document, page.ref)}
        mode={settings.displayMode}
        collapsed={settings.panelCollapsed}
        showKeyNumbers={settings.showKeyNumbers}
        lang={lang}
        titleOnPage={titleHere}
        onMode={(m) => void displayMode.setValue(m)}
        onCollapse={(c) => void panelCollapsed.setValue(c)}
        onHideHere={() => {
          // Focus follows a keyboard reader from the menu they chose in to 撤销.
          const focused = document.activeElement === host?.el;
          hiddenHere = true;
          show();
          showNotice(
            'panelHiddenNotice',
            () => {
              hiddenHere = false;
              show();
            },
            focused,
          );
        }}
        onTurnOff={() => {
          const focused = document.activeElement === host?.el;
          void overlayEnabled.setValue(false);
          showNotice('panelOffNotice', () => void overlayEnabled.setValue(true), focused);
        }}
        onSwitchSource={(sourceId) => void switchTo(sourceId)}
      />,
    );
    if (titleHere) {
      if (!titleHost) titleHost = createUiHost(TITLE_TAG, ref.id, TITLE_CSS);
      document.querySelectorAll(TITLE_TAG).forEach((el) => el !== titleHost!.el && el.remove());
      if (title!.nextElementSibling !== titleHost.el) title!.after(titleHost.el);
      titleHost.el.setAttribute('data-theme', tone());
      titleHost.el.style.fontSize = `${pageTextSize(title!)}px`;
      titleHost.render(<TitleUnderPage title={view.entry.titleZh} lang={lang} />);
    } else {
      titleHost?.remove();
      titleHost = null;
    }
  };
  show();

  // If the page removes the panel (or re-renders around it), it comes back.
  const observer = new MutationObserver(() => {
    if (!extensionAlive()) return;
    if ((host && !host.el.isConnected) || (titleHost && !titleHost.el.isConnected)) show();
  });
  observer.observe(document.documentElement, { childList: true, subtree: true });
  // The page's theme (HTML pages' data-theme, Dark Reader, the OS for pages that follow it).
  watchPageLook(document, show, signal);

  const stopSettings = watchSettings((s: Settings) => {
    settings = s;
    show();
  });
  const stopStamp = cacheStamp.watch(async () => {
    const next = await find(ref.id, page.kind === 'html' ? 'html' : 'abstract', chosenSource);
    // A failed look-up after a change keeps what the panel showed.
    if ('hit' in next || !('hit' in result && result.hit)) result = next;
    show();
  });
  signal.addEventListener('abort', () => {
    observer.disconnect();
    stopSettings();
    stopStamp();
    removeAll();
    notice?.remove();
  });
}

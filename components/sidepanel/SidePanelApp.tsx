import { useEffect, useLayoutEffect, useState } from 'preact/hooks';
import { absUrl, formatArxivId } from '../../lib/arxiv/ids';
import { detectPage } from '../../lib/arxiv/pages';
import type { LookupHit } from '../../lib/messaging';
import { cacheStamp, displayMode, panelCollapsed, readSettings, watchSettings, type Settings } from '../../storage/settings';
import { errorText, t, uiLang } from '../i18n';
import { Icon } from '../Icon';
import { PANEL_CSS } from '../panel-styles';
import type { Ask } from '../popup/client';
import { SearchBox } from '../popup/SearchBox';
import { SummaryPanel } from '../SummaryPanel';
import { useHitIn, useZhScript } from '../use-zh-script';
import { ShadowFrame } from './ShadowFrame';

export interface SidePanelAppProps {
  ask: Ask;
  /** Calls back with the followed tab's URL at once and on every change; returns a stop. */
  followTab: (onUrl: (url: string | null) => void) => () => void;
  /**
   * The paper's answer from the hot copy (lib/hot-copy.ts), null when it has none: then the
   * background is asked. A reader who switches tabs after the worker was stopped is not kept
   * waiting for it to start.
   */
  hot?: (id: string) => Promise<LookupHit | null>;
}

/**
 * The side panel (Chrome) or sidebar (Firefox): the entry of the paper in the active tab, in
 * the same panel arXiv's pages show, whatever the page (abstract, HTML, PDF).
 */
export function SidePanelApp({ ask, followTab, hot }: SidePanelAppProps) {
  const [url, setUrl] = useState<string | null | undefined>(undefined);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [stamp, setStamp] = useState(0);
  // The hit belongs to the id it was asked for: a late answer for the previous tab is dropped.
  const [hit, setHit] = useState<{ id: string; hit: LookupHit | null } | null>(null);
  // A look-up that failed (the worker's database, …) is said as such, never as "not covered".
  const [failed, setFailed] = useState<{ id: string; text: string } | null>(null);
  const [retries, setRetries] = useState(0);
  useEffect(() => {
    void readSettings().then(setSettings);
    const stops = [followTab(setUrl), watchSettings(setSettings), cacheStamp.watch((v) => setStamp(v ?? 0))];
    return () => stops.forEach((stop) => stop());
  }, []);

  const zh = useZhScript(settings?.zhScript);
  const page = url ? detectPage(url) : null;
  const ref = page?.ref ?? null;
  const id = ref?.id ?? null;
  const kind = page?.kind;
  // A layout effect: the look-up leaves as soon as the new URL is rendered, not after the next
  // paint (an effect waits for a frame, longer in a panel the browser is not painting yet).
  useLayoutEffect(() => {
    if (!id) return;
    let live = true;
    // `from` names the reader's page, so that a per-paper subscription may fetch the paper's
    // file (only paper pages may).
    const from = kind === 'abstract' || kind === 'html' || kind === 'pdf' ? kind : undefined;
    const answered = (h: LookupHit | null) => {
      if (!live) return;
      setFailed(null);
      setHit({ id, hit: h });
    };
    const asked = () => ask('lookup', { id, from }).then(answered, (err: unknown) => live && setFailed({ id, text: errorText(err) }));
    if (!hot) void asked();
    else void hot(id).then((h) => (h ? answered(h) : live && asked()), () => live && asked());
    return () => {
      live = false;
    };
  }, [id, kind, stamp, retries]);

  const converted = useHitIn(zh, hit?.hit);
  let body;
  if (url === undefined) body = null;
  else if (page?.kind === 'listing' || page?.kind === 'search') body = <p class="hint side-about">{t('sideListing')}</p>;
  else if (!ref || !page) body = <p class="hint side-about">{t('sideWhatFor')}</p>;
  else {
    const failure = failed?.id === ref.id ? failed.text : null;
    const current = failure ? undefined : hit?.id === ref.id ? converted : undefined;
    const kindName = page.kind === 'abstract' || page.kind === 'html' || page.kind === 'pdf' ? t(`sideKind_${page.kind}`) : '';
    body = (
      <>
        <section class="card side-paper" aria-labelledby="side-paper-h">
          <h2 id="side-paper-h" class="card-h">
            {t('sidePaper')}
          </h2>
          <p class="paper-id">
            <a href={absUrl(formatArxivId(ref))} target="_blank" rel="noopener noreferrer" title={t('sideOpenAbs')}>
              arXiv:{formatArxivId(ref)}
            </a>
            {kindName ? ` · ${kindName}` : ''}
          </p>
          {current?.entry.titleEn && (
            <p class="title-en" lang="en">
              {current.entry.titleEn}
            </p>
          )}
        </section>
        {failure && (
          <div class="card status error" role="alert" data-testid="side-failed">
            <p>{t('popCacheFailed', failure)}</p>
            <button
              type="button"
              onClick={() => {
                setFailed(null);
                setRetries((n) => n + 1);
              }}
            >
              {t('popRetry')}
            </button>
          </div>
        )}
        {current === undefined && !failure && <p class="hint">{t('sideLoading')}</p>}
        {current === null && (
          <>
            <p class="hint" data-testid="side-not-covered">
              {t('sideNotCovered')}
            </p>
            <SearchBox ask={ask} stamp={stamp} zh={zh} />
          </>
        )}
        {current && settings && zh.ready && (
          <div class="side-entry" data-arxiv-id={current.entry.arxivId}>
            <ShadowFrame css={PANEL_CSS}>
              <SummaryPanel
                hit={current}
                pageVersion={ref.version}
                mode={settings.displayMode}
                collapsed={settings.panelCollapsed}
                showKeyNumbers={settings.showKeyNumbers}
                lang={zh.lang}
                onMode={(m) => void displayMode.setValue(m)}
                onCollapse={(c) => void panelCollapsed.setValue(c)}
              />
            </ShadowFrame>
          </div>
        )}
      </>
    );
  }

  return (
    <main class="app sidepanel" lang={uiLang()} data-page={page?.kind ?? 'none'}>
      <header class="top">
        <Icon size={22} />
        <h1>{t('appTitle')}</h1>
      </header>
      {body}
    </main>
  );
}

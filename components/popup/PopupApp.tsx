import { useEffect, useState } from 'preact/hooks';
import type { SourceInfo } from '../../lib/messaging';
import { cacheStamp, overlayEnabled, readSettings, watchSettings, type Settings } from '../../storage/settings';
import { errorText, t, uiLang } from '../i18n';
import { Icon } from '../Icon';
import { Switch } from '../Switch';
import { useZhScript } from '../use-zh-script';
import { SettingRows } from '../SettingRows';
import type { Ask } from './client';
import { CurrentTab } from './CurrentTab';
import { OpenSidePanel } from './OpenSidePanel';
import { SearchBox } from './SearchBox';
import { PopupSubscriptionsLine } from '../subscriptions/PopupSubscriptionsLine';

export interface PopupAppProps {
  ask: Ask;
  /** The current tab's URL (null when it cannot be read: not an arXiv page). */
  tabUrl: Promise<string | null>;
  /** Opens the options page, at one of its sections (`digests`, `subscriptions`…). */
  openOptions: (section?: string) => void;
  /** Settings already being read (the popup starts the read before it renders). */
  initialSettings?: Promise<Settings>;
  /** What to show until the answers come: last time's settings and digests (see snapshot.ts). */
  firstSettings?: Settings;
  firstSources?: SourceInfo[];
}

type Sources = { list: SourceInfo[] } | { failed: string };

/**
 * The quick look: the switch, what this tab has, display mode, search and a line on the
 * digests. Managing digests is the options page's (Chrome cuts a popup at 600 px).
 */
export function PopupApp({ ask, tabUrl, openOptions, initialSettings, firstSettings, firstSources }: PopupAppProps) {
  const [settings, setSettings] = useState<Settings | null>(firstSettings ?? null);
  const [url, setUrl] = useState<string | null>(null);
  const [stamp, setStamp] = useState(0);
  const [sources, setSources] = useState<Sources | null>(firstSources ? { list: firstSources } : null);
  const [retries, setRetries] = useState(0);
  useEffect(() => {
    void (initialSettings ?? readSettings()).then(setSettings);
    void tabUrl.then(setUrl);
    const stopSettings = watchSettings(setSettings);
    const stopStamp = cacheStamp.watch((v) => setStamp(v ?? 0));
    return () => {
      stopSettings();
      stopStamp();
    };
  }, []);
  useEffect(() => {
    let live = true;
    ask('listSources', {}).then(
      (list) => live && setSources({ list }),
      (err: unknown) => live && setSources({ failed: errorText(err) }),
    );
    return () => {
      live = false;
    };
  }, [stamp, retries]);

  const zh = useZhScript(settings?.zhScript);
  const list = sources && 'list' in sources ? sources.list : null;
  const papers = list?.reduce((n, s) => n + s.entryCount, 0) ?? 0;
  return (
    <main class="app popup" lang={uiLang()}>
      <header class="top">
        <Icon size={22} />
        <h1>{t('appTitle')}</h1>
        {settings && (
          <span class="master">
            <span class="state" aria-hidden="true">
              {settings.overlayEnabled ? t('overlayOn') : t('overlayOff')}
            </span>
            <Switch checked={settings.overlayEnabled} label={t('overlaySwitch')} onChange={(on) => void overlayEnabled.setValue(on)} />
          </span>
        )}
      </header>
      <CurrentTab zh={zh} url={url} ask={ask} stamp={stamp} sources={list} openOptions={openOptions} onSearch={() => document.getElementById('search-input')?.focus()} />
      {settings && (
        <section class="card display" aria-label={t('display')}>
          <SettingRows settings={settings} compact />
        </section>
      )}
      <SearchBox ask={ask} stamp={stamp} zh={zh} />
      <section class="state-lines" aria-label={t('digests')}>
        <p class="state-line" data-testid="digests-line">
          {sources && 'failed' in sources ? (
            <span class="status error" role="alert">
              {t('popCacheFailed', sources.failed)}{' '}
              <button type="button" onClick={() => setRetries((n) => n + 1)}>
                {t('popRetry')}
              </button>
            </span>
          ) : (
            <span>{list ? (list.length ? t('popState', list.length, papers) : t('popStateEmpty')) : ''}</span>
          )}
          <span class="links">
            <button type="button" class="link" onClick={() => openOptions('digests')}>
              {t('popImport')}
            </button>
            <button type="button" class="link" onClick={() => openOptions()}>
              {t('options')}
            </button>
          </span>
        </p>
        <PopupSubscriptionsLine ask={ask} />
      </section>
      <OpenSidePanel />
    </main>
  );
}

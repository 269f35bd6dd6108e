import { useEffect, useState } from 'preact/hooks';
import { cacheStamp, displayMode, listingTitles, overlayEnabled, readSettings, showKeyNumbers, watchSettings, type Settings } from '../../storage/settings';
import { t } from '../i18n';
import { ModeSwitch } from '../SummaryPanel';
import { Icon } from '../Icon';
import { Switch } from '../Switch';
import type { SourceInfo } from '../../lib/messaging';
import type { Ask } from './client';
import { CurrentTab } from './CurrentTab';
import { Digests, type DigestsProps } from './Digests';
import { SearchBox } from './SearchBox';
import { PopupSubscriptionsLine } from '../subscriptions/PopupSubscriptionsLine';

export interface PopupAppProps extends Pick<DigestsProps, 'requestOrigin' | 'save'> {
  ask: Ask;
  /** The current tab's URL (null when it cannot be read: not an arXiv page). */
  tabUrl: Promise<string | null>;
  variant: 'popup' | 'options';
  openOptions?: () => void;
  /** Settings already being read (the popup starts the read before it renders). */
  initialSettings?: Promise<Settings>;
  /** What to show until the answers come: last time's settings and digests (see snapshot.ts). */
  firstSettings?: Settings;
  firstSources?: SourceInfo[];
}

/** The popup, and the options page built from the same parts. */
export function PopupApp({ ask, tabUrl, variant, openOptions, requestOrigin, save, initialSettings, firstSettings, firstSources }: PopupAppProps) {
  const [settings, setSettings] = useState<Settings | null>(firstSettings ?? null);
  const [url, setUrl] = useState<string | null>(null);
  const [stamp, setStamp] = useState(0);
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

  return (
    <main class={`app ${variant}`} lang={navigator.language.startsWith('zh') ? 'zh-CN' : 'en'}>
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
      {variant === 'popup' && <CurrentTab url={url} ask={ask} stamp={stamp} />}
      {settings && (
        <section class="card" aria-labelledby="display-h">
          <h2 id="display-h" class="card-h">
            {t('display')}
          </h2>
          <div class="row">
            <span id="mode-label">{t('displayMode')}</span>
            <ModeSwitch mode={settings.displayMode} onMode={(m) => void displayMode.setValue(m)} />
          </div>
          <div class="row">
            <span>{t('keyNumbers')}</span>
            <Switch checked={settings.showKeyNumbers} label={t('keyNumbers')} onChange={(on) => void showKeyNumbers.setValue(on)} />
          </div>
          <div class="row">
            <span>{t('listingTitles')}</span>
            <Switch checked={settings.listingTitles} label={t('listingTitles')} onChange={(on) => void listingTitles.setValue(on)} />
          </div>
        </section>
      )}
      {variant === 'popup' && <PopupSubscriptionsLine ask={ask} />}
      <SearchBox ask={ask} stamp={stamp} />
      <Digests ask={ask} stamp={stamp} requestOrigin={requestOrigin} save={save} firstSources={firstSources} />
      {variant === 'popup' && openOptions && (
        <p class="foot">
          <button type="button" class="link" onClick={openOptions}>
            {t('options')}
          </button>
        </p>
      )}
    </main>
  );
}

import { useEffect, useState } from 'preact/hooks';
import type { LookupHit } from '../../lib/messaging';
import { cacheStamp, readSettings, watchSettings, type Settings } from '../../storage/settings';
import { t, uiLang } from '../i18n';
import { Icon } from '../Icon';
import { AboutSection, type Held } from './AboutSection';
import { DigestsSection, type DigestsSectionProps } from './DigestsSection';
import { DisplaySection } from './DisplaySection';
import { KeyboardSection, type KeyboardSectionProps } from './KeyboardSection';
import { SubscriptionsSection } from '../subscriptions/SubscriptionsSection';

export interface OptionsAppProps extends Omit<DigestsSectionProps, 'stamp'>, KeyboardSectionProps {
  /** A paper of the bundled digest, for the live preview of the panel. */
  sample: LookupHit | null;
  version: string;
  held: () => Promise<Held>;
}

const SECTIONS = [
  ['display', 'optSecDisplay'],
  ['digests', 'optSecDigests'],
  ['subscriptions', 'optSecSubscriptions'],
  ['keyboard', 'optSecKeyboard'],
  ['about', 'optSecAbout'],
] as const;

/** The place where a reader manages everything: display, digests, subscriptions, keys, about. */
export function OptionsApp(props: OptionsAppProps) {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [stamp, setStamp] = useState(0);
  useEffect(() => {
    void readSettings().then(setSettings);
    const stopSettings = watchSettings(setSettings);
    const stopStamp = cacheStamp.watch((v) => setStamp(v ?? 0));
    return () => {
      stopSettings();
      stopStamp();
    };
  }, []);
  return (
    <div class="app options" lang={uiLang()}>
      <header class="top">
        <Icon size={26} />
        <h1>{t('optTitle')}</h1>
      </header>
      <nav aria-label={t('optNav')} class="opt-nav">
        {SECTIONS.map(([id, key]) => (
          <a href={`#${id}`} key={id}>
            {t(key)}
          </a>
        ))}
      </nav>
      <main>
        <DisplaySection settings={settings} sample={props.sample} />
        <DigestsSection ask={props.ask} stamp={stamp} requestOrigin={props.requestOrigin} save={props.save} restoreBundled={props.restoreBundled} reorder={props.reorder} />
        <div id="subscriptions" class="opt-section">
          <SubscriptionsSection />
        </div>
        <KeyboardSection commands={props.commands} openShortcuts={props.openShortcuts} />
        <AboutSection version={props.version} held={props.held} />
      </main>
    </div>
  );
}

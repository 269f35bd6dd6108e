import { useState } from 'preact/hooks';
import { CATALOG, forkUrl, type CatalogEntry } from '../../background/subscriptions/catalog';
import type { SubscriptionView } from '../../lib/messaging';
import { t, type MessageKey } from '../i18n';
import { Switch } from '../Switch';

export interface CatalogProps {
  subscriptions: SubscriptionView[];
  perPaper: boolean;
  busy: boolean;
  /** Called in the click: asks for the host and subscribes. */
  subscribe: (entry: CatalogEntry, url: string) => void;
  /** The per-paper switch; turning it on asks for the host in the click. */
  setPerPaper: (entry: CatalogEntry, on: boolean) => void;
}

const UPDATES: Record<CatalogEntry['updates'], MessageKey> = {
  daily: 'subUpdatesDaily',
  'four-times-daily': 'subUpdatesFourTimes',
  'per-paper': 'subUpdatesPerPaper',
};

/** Which fields the publisher writes in Chinese, in one short phrase. */
function fields(entry: CatalogEntry): string {
  const f = entry.fields;
  if (f.titleZh) return f.tldrZh ? t('subFieldsAll') : t('subFieldsTitleSummary');
  return t('subFieldsNoTitle');
}

function line(entry: CatalogEntry): string {
  const covers = entry.category ? t('subCatalog_cnChatArxivCategory', entry.category) : t(`subCatalog_${entry.id}` as MessageKey);
  return [covers, t(UPDATES[entry.updates]), fields(entry)].join(' · ');
}

/** The known publishers, each one click (and one permission) from a subscription. */
export function Catalog({ subscriptions, perPaper, busy, subscribe, setPerPaper }: CatalogProps) {
  const [fork, setFork] = useState('');
  const [forkError, setForkError] = useState(false);
  const held = new Set(subscriptions.map((s) => s.url));
  return (
    <ul class="catalog" aria-label={t('subCatalog')}>
      {CATALOG.map((entry) => {
        const subscribed = held.has(entry.url);
        const nameId = `cat-${entry.id}`;
        return (
          <li key={entry.id} data-catalog={entry.id}>
            <div class="c-main">
              <span class="c-name" id={nameId}>
                {entry.publisher}
                {entry.category ? ` · ${entry.category}` : ''}
              </span>
              <span class="c-line">{line(entry)}</span>
              <span class="c-host">{t('subNeedsHost', entry.host)}</span>
              {entry.kind === 'per-paper' && <span class="c-privacy">{t('subPerPaperPrivacy', entry.host)}</span>}
              {entry.forkTemplate && (
                <form
                  class="c-fork"
                  onSubmit={(e) => {
                    e.preventDefault();
                    const url = forkUrl(entry, fork);
                    setForkError(!url);
                    if (url) subscribe(entry, url);
                  }}
                >
                  <label class="sr-only" for={`${nameId}-fork`}>
                    {t('subForkLabel')}
                  </label>
                  <input id={`${nameId}-fork`} type="text" placeholder={t('subForkPlaceholder')} value={fork} onInput={(e) => setFork((e.target as HTMLInputElement).value)} aria-invalid={forkError} />
                  <button type="submit" disabled={busy}>
                    {t('subSubscribeFork')}
                  </button>
                </form>
              )}
              {forkError && entry.forkTemplate && (
                <span class="c-privacy" role="alert">
                  {t('subForkInvalid')}
                </span>
              )}
            </div>
            {entry.kind === 'per-paper' ? (
              <Switch checked={subscribed && perPaper} label={t('subPerPaperSwitch')} onChange={(on) => setPerPaper(entry, on)} />
            ) : subscribed ? (
              <span class="muted">{t('subSubscribed')}</span>
            ) : (
              <button type="button" disabled={busy} aria-describedby={nameId} onClick={() => subscribe(entry, entry.url)}>
                {t('subSubscribe')}
              </button>
            )}
          </li>
        );
      })}
    </ul>
  );
}

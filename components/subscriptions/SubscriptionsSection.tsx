/**
 * The options page's Subscriptions: the known publishers, one field for any URL or template,
 * the reader's subscriptions with their state, and when to check. Mounted with one element.
 */
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import type { CatalogEntry } from '../../background/subscriptions/catalog';
import {
  call,
  DATED_DAYS,
  REFRESH_INTERVALS,
  RETENTION_DAYS,
  SUBSCRIPTIONS_STAMP_KEY,
  type RefreshInterval,
  type RetentionDays,
  type SubscriptionsAnswer,
  type SubscriptionView,
} from '../../lib/messaging';
import { errorInfoText } from '../error-text';
import { errorText, t } from '../i18n';
import type { Ask } from '../popup/client';
import { Catalog } from './Catalog';
import { validDays } from './format';
import { SubscriptionRow, type RowActions } from './SubscriptionRow';
import './subscriptions.css';

export interface SubscriptionsSectionProps {
  ask?: Ask;
  /** Asks for host access (optional_host_permissions); must be called within the click. */
  requestOrigin?: (pattern: string) => Promise<boolean>;
}

const defaultAsk: Ask = (type, data) => call((m) => browser.runtime.sendMessage(m), type, data);
const defaultRequest = (pattern: string) => browser.permissions.request({ origins: [pattern] });

/** `https://host/*` of a URL or template, or null when it is not an https address. */
function originPattern(url: string): string | null {
  try {
    const u = new URL(url.trim());
    return u.protocol === 'https:' ? `${u.origin}/*` : null;
  } catch {
    return null;
  }
}

type Status = { kind: 'busy' | 'ok' | 'error'; text: string } | null;

export function SubscriptionsSection({ ask = defaultAsk, requestOrigin = defaultRequest }: SubscriptionsSectionProps) {
  const [answer, setAnswer] = useState<SubscriptionsAnswer | null>(null);
  const [status, setStatus] = useState<Status>(null);
  const [url, setUrl] = useState('');
  const [days, setDays] = useState(String(DATED_DAYS.default));
  const [busy, setBusy] = useState(false);
  const reload = () =>
    ask('listSubscriptions', {}).then(setAnswer, (err) => {
      setAnswer((a) => a ?? { subscriptions: [], settings: { interval: 6, retentionDays: 0, perPaper: false }, lastRefreshed: null });
      setStatus({ kind: 'error', text: errorText(err) });
    });
  useEffect(() => {
    void reload();
    // The background bumps this on every change of a subscription's view (progress included).
    return storage.watch<number>(SUBSCRIPTIONS_STAMP_KEY as `local:${string}`, () => void reload());
  }, []);

  /**
   * Asks for the host first, in the click's gesture (nothing awaited before it), then runs `then`.
   */
  const withHost = (pattern: string | null, then: () => Promise<string | void>) => {
    if (!pattern) return setStatus({ kind: 'error', text: t('notHttps') });
    const granted = requestOrigin(pattern).catch(() => false);
    void (async () => {
      if (!(await granted)) return setStatus({ kind: 'error', text: t('subPermissionDenied', pattern) });
      setBusy(true);
      try {
        const text = await then();
        if (text) setStatus({ kind: 'ok', text });
      } catch (err) {
        setStatus({ kind: 'error', text: errorText(err) });
      } finally {
        setBusy(false);
        void reload();
      }
    })();
  };

  const subscribe = (target: string, extra: { catalogId?: string; name?: string } = {}) => {
    const isDated = target.includes('{date}');
    withHost(originPattern(target), async () => {
      if (target.includes('{id}')) await ask('setSubscriptionSettings', { perPaper: true });
      const s = await ask('subscribe', { url: target.trim(), ...(isDated ? { days: validDays(days) } : {}), ...extra });
      // Cleared only if it still holds what was subscribed: a reader may have pasted the next address meanwhile.
      setUrl((now) => (now === target ? '' : now));
      return t('subSubscribedTo', s.name);
    });
  };

  const fromCatalog = (entry: CatalogEntry, target: string) =>
    subscribe(target, target === entry.url ? { catalogId: entry.id } : { name: target.split('/').slice(3, 5).join('/') });

  const setPerPaper = (entry: CatalogEntry, on: boolean) => {
    if (!on) {
      void ask('setSubscriptionSettings', { perPaper: false }).then(reload, (err) => setStatus({ kind: 'error', text: errorText(err) }));
      return;
    }
    const held = answer?.subscriptions.some((s) => s.url === entry.url);
    withHost(`https://${entry.host}/*`, async () => {
      await ask('setSubscriptionSettings', { perPaper: true });
      if (!held) await ask('subscribe', { url: entry.url, catalogId: entry.id });
      return t('subPerPaperOn');
    });
  };

  const actions: RowActions = {
    refresh: (s) => {
      setStatus({ kind: 'busy', text: t('subRefreshing', s.name) });
      void ask('refreshSubscription', { id: s.id }).then(
        () => (setStatus(null), reload()),
        (err) => setStatus({ kind: 'error', text: errorText(err) }),
      );
    },
    pause: (s) => void ask('pauseSubscription', { id: s.id }).then(reload, (err) => setStatus({ kind: 'error', text: errorText(err) })),
    resume: (s: SubscriptionView) => withHost(s.originPattern, async () => void (await ask('resumeSubscription', { id: s.id }))),
    remove: (s, keepEntries) =>
      void ask('unsubscribe', { id: s.id, keepEntries }).then(
        (r) => (setStatus({ kind: 'ok', text: keepEntries ? t('subRemovedKept', s.name) : t('subRemovedDropped', s.name, r.removed) }), reload()),
        (err) => setStatus({ kind: 'error', text: errorText(err) }),
      ),
  };

  const settings = answer?.settings;
  const saveSetting = (patch: { interval?: RefreshInterval; retentionDays?: RetentionDays }) =>
    void ask('setSubscriptionSettings', patch).then(reload, (err) => setStatus({ kind: 'error', text: errorText(err) }));
  const dated = url.includes('{date}');

  return (
    <section class="card subs" aria-labelledby="subs-h" data-section="subscriptions">
      <h2 id="subs-h" class="card-h">
        {t('subTitle')}
      </h2>
      <p class="subs-intro">{t('subIntro')}</p>

      <form
        class="subs-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (url.trim()) subscribe(url);
        }}
      >
        <label class="field grow">
          <span>{t('subUrlLabel')}</span>
          <input type="text" inputMode="url" spellcheck={false} placeholder={t('subUrlPlaceholder')} value={url} onInput={(e) => setUrl((e.target as HTMLInputElement).value)} />
        </label>
        <label class="field">
          <span>{t('subDaysLabel')}</span>
          <input type="number" min={DATED_DAYS.min} max={DATED_DAYS.max} value={days} onInput={(e) => setDays((e.target as HTMLInputElement).value)} />
        </label>
        <button type="submit" class="primary" disabled={busy || !url.trim()}>
          {t('subSubscribe')}
        </button>
      </form>
      <p class="hint">{dated ? t('subDaysHint', validDays(days)) : t('subUrlHint')}</p>
      {url.includes('{id}') && <p class="hint">{t('subPerPaperPrivacy', originPattern(url)?.slice(8, -2) ?? '')}</p>}

      {status && (
        <div class={`status ${status.kind}`} role={status.kind === 'error' ? 'alert' : 'status'}>
          <p>{status.text}</p>
        </div>
      )}

      <h3>{t('subYours')}</h3>
      {answer?.syncProblem && (
        <p class="hint" role="status" data-sync-problem>
          {errorInfoText(answer.syncProblem.error)}
        </p>
      )}
      {answer && answer.subscriptions.length === 0 && <p class="empty">{t('subNone')}</p>}
      <ul class="subs-list">
        {answer?.subscriptions.map((s) => <SubscriptionRow key={s.id} s={s} actions={actions} busy={busy} />)}
      </ul>

      {settings && (
        <div class="subs-settings">
          <label>
            <span>{t('subInterval')}</span>
            <select value={String(settings.interval)} onChange={(e) => {
              const v = (e.target as HTMLSelectElement).value;
              saveSetting({ interval: v === 'manual' ? 'manual' : (Number(v) as RefreshInterval) });
            }}>
              {REFRESH_INTERVALS.map((i) => (
                <option key={i} value={String(i)}>
                  {i === 'manual' ? t('subIntervalManual') : t('subIntervalHours', i)}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>{t('subRetention')}</span>
            <select value={String(settings.retentionDays)} onChange={(e) => saveSetting({ retentionDays: Number((e.target as HTMLSelectElement).value) as RetentionDays })}>
              {RETENTION_DAYS.map((d) => (
                <option key={d} value={String(d)}>
                  {d === 0 ? t('subRetentionAll') : t('subRetentionDays', d)}
                </option>
              ))}
            </select>
          </label>
        </div>
      )}

      <h3>{t('subCatalog')}</h3>
      <Catalog subscriptions={answer?.subscriptions ?? []} perPaper={!!settings?.perPaper} busy={busy} subscribe={fromCatalog} setPerPaper={setPerPaper} />
    </section>
  );
}

/**
 * The popup's one line on subscriptions: how many, when last refreshed, any error, whether the
 * list is synced, refresh. When the list cannot be read, the line says so, with a retry.
 */
import { useEffect, useState } from 'preact/hooks';
import { storage } from 'wxt/utils/storage';
import { SUBSCRIPTIONS_STAMP_KEY, type SubscriptionsAnswer } from '../../lib/messaging';
import { errorInfoText } from '../error-text';
import { errorText, t } from '../i18n';
import type { Ask } from '../popup/client';
import { when } from './format';
import './subscriptions.css';

export function PopupSubscriptionsLine({ ask }: { ask: Ask }) {
  const [answer, setAnswer] = useState<SubscriptionsAnswer | null>(null);
  /** Reading the list failed (the last time it was asked). */
  const [listFailure, setListFailure] = useState<string | null>(null);
  /** Asking for a refresh failed. */
  const [refreshFailure, setRefreshFailure] = useState<string | null>(null);
  const [retrying, setRetrying] = useState(false);
  const reload = () =>
    ask('listSubscriptions', {}).then(
      (a) => {
        setAnswer(a);
        setListFailure(null);
      },
      (err) => setListFailure(errorText(err)),
    );
  useEffect(() => {
    void reload();
    return storage.watch<number>(SUBSCRIPTIONS_STAMP_KEY as `local:${string}`, () => void reload());
  }, []);

  if (listFailure) {
    const retry = () => {
      setRetrying(true);
      void reload().finally(() => setRetrying(false));
    };
    return (
      <p class="popup-subs" data-testid="popup-subscriptions">
        <span class="ps-text status error" role="alert">
          {t('subPopupFailed', listFailure)}{' '}
          <button type="button" disabled={retrying} onClick={retry}>
            {t('popRetry')}
          </button>
        </span>
      </p>
    );
  }
  if (!answer || (answer.subscriptions.length === 0 && !answer.syncProblem)) return null;

  const failing = answer.subscriptions.filter((s) => s.state === 'error' || s.state === 'stale');
  const fetching = answer.subscriptions.some((s) => s.state === 'fetching');
  const parts = [t('subPopupCount', answer.subscriptions.length), answer.lastRefreshed ? t('subPopupLast', when(answer.lastRefreshed)) : t('subPopupNever')];
  const error = refreshFailure ?? (failing.length === 1 && failing[0].error ? `${failing[0].name}: ${errorInfoText(failing[0].error)}` : failing.length > 1 ? t('subPopupErrors', failing.length) : null);
  const sync = answer.syncProblem;
  return (
    <p class="popup-subs" data-testid="popup-subscriptions">
      <span class="ps-text">
        {parts.join(' · ')}
        {sync && (
          <span class="ps-error" data-testid="popup-subscriptions-not-synced" title={errorInfoText(sync.error)}>
            {' '}
            · {t('subPopupNotSynced', sync.notSynced)}
          </span>
        )}
        {error && <span class="ps-error"> · {error}</span>}
      </span>
      <button
        type="button"
        disabled={fetching}
        onClick={() =>
          void ask('refreshSubscription', {}).then(
            () => (setRefreshFailure(null), reload()),
            (err) => setRefreshFailure(errorText(err)),
          )
        }
      >
        {fetching ? t('subPopupRefreshing') : t('subRefresh')}
      </button>
    </p>
  );
}

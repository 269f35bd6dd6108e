/** The popup's one line on subscriptions: how many, when last refreshed, any error, refresh. */
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
  const [failure, setFailure] = useState<string | null>(null);
  const reload = () => ask('listSubscriptions', {}).then(setAnswer, (err) => setFailure(errorText(err)));
  useEffect(() => {
    void reload();
    return storage.watch<number>(SUBSCRIPTIONS_STAMP_KEY as `local:${string}`, () => void reload());
  }, []);
  if (!answer || answer.subscriptions.length === 0) return null;

  const failing = answer.subscriptions.filter((s) => s.state === 'error' || s.state === 'stale');
  const fetching = answer.subscriptions.some((s) => s.state === 'fetching');
  const parts = [t('subPopupCount', answer.subscriptions.length), answer.lastRefreshed ? t('subPopupLast', when(answer.lastRefreshed)) : t('subPopupNever')];
  const error = failure ?? (failing.length === 1 && failing[0].error ? `${failing[0].name}: ${errorInfoText(failing[0].error)}` : failing.length > 1 ? t('subPopupErrors', failing.length) : null);
  return (
    <p class="popup-subs" data-testid="popup-subscriptions">
      <span class="ps-text">
        {parts.join(' · ')}
        {error && <span class="ps-error"> · {error}</span>}
      </span>
      <button
        type="button"
        disabled={fetching}
        onClick={() => void ask('refreshSubscription', {}).then(reload, (err) => setFailure(errorText(err)))}
      >
        {fetching ? t('subPopupRefreshing') : t('subRefresh')}
      </button>
    </p>
  );
}

import { useState } from 'preact/hooks';
import type { SubscriptionKind, SubscriptionView } from '../../lib/messaging';
import { errorInfoText } from '../error-text';
import { t, type MessageKey } from '../i18n';
import { when } from './format';

const KIND: Record<SubscriptionKind, MessageKey> = {
  fixed: 'subKindFixed',
  dated: 'subKindDated',
  'per-paper': 'subKindPerPaper',
  index: 'subKindIndex',
};

export interface RowActions {
  refresh: (s: SubscriptionView) => void;
  pause: (s: SubscriptionView) => void;
  /** Called in the click: resuming may need the host permission asked for again. */
  resume: (s: SubscriptionView) => void;
  remove: (s: SubscriptionView, keepEntries: boolean) => void;
}

/** What state a subscription is in, in words (and the progress bar while fetching). */
export function StateLine({ s }: { s: SubscriptionView }) {
  const reason = s.error ? errorInfoText(s.error) : '';
  let text: string;
  switch (s.state) {
    case 'ok':
      text = t('subStateOk');
      break;
    case 'stale':
      text = t('subStateStale', when(s.staleSince), reason);
      break;
    case 'error':
      text = t('subStateError', reason);
      break;
    case 'paused':
      text = s.pausedBy === 'permission' ? t('subStatePausedPermission', s.originPattern) : t('subStatePaused');
      break;
    case 'fetching':
      text = s.progress ? t('subStateFetchingOf', s.progress.done, s.progress.total) : t('subStateFetching');
      break;
  }
  return (
    <p class={`r-state ${s.state}`} data-state={s.state} role={s.state === 'error' || s.state === 'stale' ? 'alert' : undefined}>
      {text}
      {s.state === 'fetching' && s.progress && (
        <progress max={s.progress.total} value={s.progress.done} aria-label={t('subProgress', s.name)} />
      )}
    </p>
  );
}

export function SubscriptionRow({ s, actions, busy }: { s: SubscriptionView; actions: RowActions; busy: boolean }) {
  const [confirming, setConfirming] = useState(false);
  const paused = s.state === 'paused';
  return (
    <li class="sub-row" data-subscription={s.id}>
      <div class="r-head">
        <span class="r-name">{s.name}</span>
        <span class="r-kind">{t(KIND[s.kind])}</span>
      </div>
      <span class="r-url">{s.url}</span>
      <dl class="r-facts">
        <div>
          <dt>{t('subEntriesHeld')}</dt>
          <dd data-fact="entries">{s.entriesHeld}</dd>
        </div>
        <div>
          <dt>{t('subLastChecked')}</dt>
          <dd data-fact="checked">{when(s.lastChecked)}</dd>
        </div>
        <div>
          <dt>{t('subLastChanged')}</dt>
          <dd data-fact="changed">{when(s.lastChanged)}</dd>
        </div>
        <div>
          <dt>{t('subNextCheck')}</dt>
          <dd data-fact="next">{paused ? '—' : s.nextCheck ? when(s.nextCheck) : t('subManualOnly')}</dd>
        </div>
      </dl>
      <StateLine s={s} />
      {confirming ? (
        <div class="r-actions r-confirm" role="group" aria-label={t('subRemoveAsk', s.name)}>
          <span>{t('subRemoveAsk', s.name)}</span>
          <button type="button" onClick={() => (setConfirming(false), actions.remove(s, true))}>
            {t('subRemoveKeep')}
          </button>
          <button type="button" class="danger" onClick={() => (setConfirming(false), actions.remove(s, false))}>
            {t('subRemoveDrop')}
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            {t('cancel')}
          </button>
        </div>
      ) : (
        <div class="r-actions">
          <button type="button" disabled={busy || paused || s.state === 'fetching'} onClick={() => actions.refresh(s)} aria-label={t('subRefreshOne', s.name)}>
            {t('subRefresh')}
          </button>
          {paused ? (
            <button type="button" onClick={() => actions.resume(s)} aria-label={t('subResumeOne', s.name)}>
              {t('subResume')}
            </button>
          ) : (
            <button type="button" onClick={() => actions.pause(s)} aria-label={t('subPauseOne', s.name)}>
              {t('subPause')}
            </button>
          )}
          <button type="button" onClick={() => setConfirming(true)} aria-label={t('subRemoveOne', s.name)}>
            {t('subRemove')}
          </button>
        </div>
      )}
    </li>
  );
}

/**
 * When subscriptions are checked: every `interval` hours after the last check (1 / 6 / 24, or
 * only by hand), sooner or later after failures (exponential back-off, up to a day), and at
 * browser start when the last check is older than that. One browser.alarms alarm stands for
 * the earliest next check; it is set again after every change.
 */
import type { SubscriptionSettings } from '../../lib/messaging';
import type { SubscriptionSpec, SubscriptionStatus } from './sources';

export const ALARM_NAME = 'subscriptions';
const HOUR_MS = 3_600_000;
const FIRST_RETRY_MS = 5 * 60_000;
export const MAX_BACKOFF_MS = 24 * HOUR_MS;
/** Chrome fires alarms no sooner than 30 s from now. */
const MIN_ALARM_DELAY_MS = 30_000;

/** The wait after `failures` failures in a row: 5 min, 10, 20 … up to a day. */
export function backoffMs(failures: number): number {
  return failures <= 0 ? 0 : Math.min(MAX_BACKOFF_MS, FIRST_RETRY_MS * 2 ** (failures - 1));
}

/** When a subscription is checked next, or null when never by itself (manual, paused, per paper). */
export function nextCheckOf(spec: SubscriptionSpec, st: SubscriptionStatus, settings: SubscriptionSettings): number | null {
  if (spec.paused || st.permissionMissing || spec.kind === 'per-paper') return null;
  if (st.lastChecked === null) return spec.addedAt;
  if (st.failures > 0) {
    const retry = st.lastChecked + backoffMs(st.failures);
    return settings.interval === 'manual' ? null : Math.min(retry, st.lastChecked + settings.interval * HOUR_MS);
  }
  return settings.interval === 'manual' ? null : st.lastChecked + settings.interval * HOUR_MS;
}

export interface AlarmsApi {
  create(name: string, info: { when: number }): unknown;
  clear(name: string): Promise<boolean> | unknown;
}

/** The alarm set for `when`, or cleared when nothing is due by itself. */
export async function setAlarm(alarms: AlarmsApi, when: number | null, now = Date.now()): Promise<void> {
  if (when === null) {
    await alarms.clear(ALARM_NAME);
    return;
  }
  await alarms.create(ALARM_NAME, { when: Math.max(when, now + MIN_ALARM_DELAY_MS) });
}

/** The subscriptions' hooks into the browser: alarms, browser start, permissions, storage.sync. */
import { browser } from 'wxt/browser';
import type { DigestDb } from '../../storage/db';
import { SubscriptionEngine } from './engine';
import { ALARM_NAME, setAlarm } from './schedule';
import { subscriptionList } from './sources';

export function startSubscriptions(db: DigestDb, onCacheChanged: () => void | Promise<void>): SubscriptionEngine {
  const engine: SubscriptionEngine = new SubscriptionEngine({
    db,
    // The worker checks before each fetch; only the options page can ask (in a click).
    hasPermission: (origin) => browser.permissions.contains({ origins: [origin] }),
    onCacheChanged,
    onScheduleChanged: async () => setAlarm(browser.alarms, await engine.earliestCheck()),
  });
  const log = (what: string) => (err: unknown) => console.error(`[arxiv-digest] subscriptions: ${what} failed:`, err);
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === ALARM_NAME) void engine.refreshDue().catch(log('scheduled refresh'));
  });
  // At browser start: whatever is older than its interval is checked now.
  browser.runtime.onStartup.addListener(() => void engine.refreshDue().catch(log('refresh at start')));
  browser.permissions.onRemoved.addListener(() => void engine.permissionsChanged().catch(log('permission check')));
  browser.permissions.onAdded.addListener(() => void engine.permissionsChanged().catch(log('permission check')));
  // Another browser of the reader added or removed one (or this one did).
  subscriptionList.watch(() => void engine.reconcile().catch(log('reconcile')));
  void engine
    .reconcile()
    .then(async () => setAlarm(browser.alarms, await engine.earliestCheck()))
    .catch(log('start'));
  return engine;
}

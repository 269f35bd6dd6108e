import { browser } from 'wxt/browser';
import bundledDigest from '../digests/default.md?raw';
import { benchAnswer, exposeBench, isBenchMessage } from '../background/bench-hooks';
import { handleMessage } from '../background/handlers';
import { injectIntoOpenArxivTabs } from '../background/open-tabs';
import { seedAtStart } from '../background/seed';
import { followArxivTabs } from '../background/side-panel';
import { startSubscriptions } from '../background/subscriptions/wire';
import { openDb } from '../storage/db';
import { cacheStamp, overlayEnabled } from '../storage/settings';

export default defineBackground(() => {
  const startedAt = Date.now();
  const db = openDb();
  const self = { id: browser.runtime.id, origin: browser.runtime.getURL('/').replace(/\/$/, '') };
  // At every worker start, unless the reader deleted it (background/seed.ts).
  const seeded = seedAtStart(db, bundledDigest).catch((err) => console.error('[arxiv-digest] bundled digest not imported:', err));

  // At install and update the worker has just started: pages loaded since then have the script.
  browser.runtime.onInstalled.addListener(({ reason }) => {
    if (reason === 'install' || reason === 'update') void injectIntoOpenArxivTabs(startedAt);
  });
  followArxivTabs();
  const cacheChanged = () => cacheStamp.setValue(Date.now());
  const subscriptions = startSubscriptions(db, cacheChanged);
  if (import.meta.env.MODE === 'bench') exposeBench(db, subscriptions);

  browser.runtime.onMessage.addListener((message, sender) => {
    if (import.meta.env.MODE === 'bench' && isBenchMessage(message)) return benchAnswer(db, message);
    return seeded.then(() => handleMessage(db, message, sender, self, cacheChanged, subscriptions));
  });
  browser.commands?.onCommand.addListener(async (command) => {
    if (command === 'toggle-overlay') await overlayEnabled.setValue(!(await overlayEnabled.getValue()));
  });
});

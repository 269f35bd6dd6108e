import { benchMark, benchMessage } from '../background/bench-marks';
import { browser } from 'wxt/browser';
import bundledDigest from '../digests/default.md?raw';
import { benchAnswer, exposeBench, isBenchMessage } from '../background/bench-hooks';
import { handleMessage } from '../background/handlers';
import { HOT_LIMITS, HotCopy } from '../background/hot-copy';
import { injectIntoOpenArxivTabs } from '../background/open-tabs';
import { seedAtStart } from '../background/seed';
import { followArxivTabs } from '../background/side-panel';
import { startSubscriptions } from '../background/subscriptions/wire';
import { openDb } from '../storage/db';
import { cacheStamp, overlayEnabled } from '../storage/settings';

export default defineBackground(() => {
  if (import.meta.env.MODE === 'bench') benchMark('mainStart');
  const startedAt = Date.now();
  const db = openDb();
  // Before anything opens the database: it watches every write (background/hot-copy.ts).
  const hot = new HotCopy(db, browser.storage.local, HOT_LIMITS, browser.runtime.getManifest().version);
  if (import.meta.env.MODE === 'bench') void db.open().then(() => benchMark('dbOpen'));
  const self = { id: browser.runtime.id, origin: browser.runtime.getURL('/').replace(/\/$/, '') };
  // At every worker start, unless the reader deleted it (background/seed.ts).
  const seeded = seedAtStart(db, bundledDigest).catch((err) => console.error('[arxiv-digest] bundled digest not imported:', err));
  if (import.meta.env.MODE === 'bench') void seeded.then(() => benchMark('seeded'));
  void hot.start(seeded).catch((err) => console.error('[arxiv-digest] the hot copy was not started:', err));

  // At install and update the worker has just started: pages loaded since then have the script.
  browser.runtime.onInstalled.addListener(({ reason }) => {
    if (reason === 'install' || reason === 'update') void injectIntoOpenArxivTabs(startedAt);
  });
  followArxivTabs();
  const cacheChanged = () => cacheStamp.setValue(Date.now());
  const subscriptions = startSubscriptions(db, cacheChanged);
  if (import.meta.env.MODE === 'bench') exposeBench(db, subscriptions, hot);
  if (import.meta.env.MODE === 'bench') benchMark('mainEnd');

  browser.runtime.onMessage.addListener((message, sender) => {
    if (import.meta.env.MODE === 'bench' && isBenchMessage(message)) return benchAnswer(db, message);
    if (import.meta.env.MODE === 'bench') benchMessage('message');
    const answer = seeded.then(() => handleMessage(db, message, sender, self, cacheChanged, subscriptions, hot));
    if (import.meta.env.MODE === 'bench') void answer.then(() => benchMessage('answer'));
    return answer;
  });
  browser.commands?.onCommand.addListener(async (command) => {
    if (command === 'toggle-overlay') await overlayEnabled.setValue(!(await overlayEnabled.getValue()));
  });
});

/**
 * Abstract and HTML pages: the settings and the hot copy's answer (lib/hot-copy.ts) are read at
 * document_start, and the background is asked only when the copy has none; the panel
 * (features/abstract-panel.tsx, in the UI module, a second content script on paper pages) is
 * started when there is an entry (or a failure) to show. A paper no digest covers costs one
 * message, and waits for the cache to change (a digest imported meanwhile shows at once).
 */
import type { PageInfo } from '../lib/arxiv/pages';
import { readSettings, readStart, watchCacheStamp } from './settings-read';
import { loadUi } from './lazy-ui';
import { lookup, somethingToShow, type Lookup } from './paper-lookup';

export async function abstractPage(page: PageInfo, signal: AbortSignal): Promise<void> {
  const from = page.kind === 'html' ? 'html' : 'abstract';
  // No id in the URL (legacy `/abs?id=`, some HTML pages): the panel finds it in the document.
  if (!page.ref) return (await loadUi()).abstractPanel(page, signal, { lookup: null, settings: readSettings(), find: lookup });
  const id = page.ref.id;
  // The settings and the hot copy in one read; the background only when the copy has no answer.
  if (import.meta.env.MODE === 'bench') performance.mark('arxiv-digest:start-read');
  const start = readStart(id);
  if (import.meta.env.MODE === 'bench') void start.then(() => performance.mark('arxiv-digest:start-read-done'), () => {});
  const settings = start.then((s) => s.settings, () => readSettings());
  let result: Lookup = await start.then(
    (s): Lookup | Promise<Lookup> => (s.hot ? { hit: s.hot } : lookup(id, from)),
    () => lookup(id, from),
  );
  while (!somethingToShow(result)) {
    const changed = await new Promise<boolean>((resolve) => {
      const stop = watchCacheStamp(() => {
        stop();
        signal.removeEventListener('abort', onAbort);
        resolve(true);
      });
      const onAbort = () => {
        stop();
        resolve(false);
      };
      signal.addEventListener('abort', onAbort, { once: true });
    });
    if (!changed) return;
    result = await lookup(id, from);
  }
  if (signal.aborted) return;
  const panel = (await loadUi()).abstractPanel;
  if (!signal.aborted) await panel(page, signal, { lookup: Promise.resolve(result), settings, find: lookup });
}

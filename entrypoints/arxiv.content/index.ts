import { ARXIV_MATCHES, detectPage } from '../../lib/arxiv/pages';
import { abstractPage } from '../../features/abstract-start';
import { listingBadges } from '../../features/listing';
import { benchRoundTrip } from '../../features/bench-round-trip';

/**
 * The small part of the content script, on every arXiv page: what it shows is rendered by the
 * UI module, loaded only when there is something to render (features/lazy-ui.ts).
 */
export default defineContentScript({
  matches: ARXIV_MATCHES,
  runAt: 'document_start',
  // WXT tells an older copy of the script that it is stopped with a DOM event; its
  // postMessage of the same into arXiv's page (kept for older WXT) only wakes the page's
  // message listeners (~0.2 ms of a listing's start in a CPU profile).
  noScriptStartedPostMessage: true,
  main(ctx) {
    const page = detectPage(location.href);
    if (import.meta.env.MODE === 'bench' && location.search.includes('bench=roundtrip')) return benchRoundTrip(page.ref?.id ?? '');
    // A failing feature never throws into arXiv's page.
    const run = (feature: Promise<void>) => feature.catch((err) => console.debug('[arxiv-digest]', err));
    if (page.kind === 'abstract' || page.kind === 'html') void run(abstractPage(page, ctx.signal));
    else if (page.kind === 'listing' || page.kind === 'search') void run(listingBadges(page.kind, ctx.signal));
  },
});

/**
 * The content script's UI module (features/lazy-ui.ts): Preact, the panel, the unfolded
 * summary, Floating UI. On paper pages (abstract, HTML) it is a second content script, in the
 * renderer from document_start: imported from the extension after the look-up's answer, it
 * came too late for the first frame that shows the abstract in up to a quarter of warm loads
 * (npm run bench: panel). Listing and search pages never get it this way: there it is
 * imported (the same file, web-accessible) when a reader first chooses a badge.
 */
import { abstractPanel } from '../features/abstract-panel';
import { unfoldingOf } from '../features/listing/unfold';
import { UI_GLOBAL, type ContentUi } from '../features/lazy-ui';
import { extensionAlive } from '../features/messages';
import { PAPER_PAGE_MATCHES } from '../lib/arxiv/pages';

export default defineContentScript({
  matches: PAPER_PAGE_MATCHES,
  runAt: 'document_start',
  // WXT tells an older copy of the script that it is stopped with a DOM event; its
  // postMessage of the same into arXiv's page (kept for older WXT) only wakes the page's
  // message listeners (~0.2 ms of a listing's start in a CPU profile).
  noScriptStartedPostMessage: true,
  main() {
    const ui: ContentUi = { abstractPanel, unfoldingOf, alive: extensionAlive };
    (globalThis as unknown as Record<string, ContentUi>)[UI_GLOBAL] = ui;
  },
});

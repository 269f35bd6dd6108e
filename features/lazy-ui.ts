/**
 * The content script is two parts. This one (detecting the page, asking the background,
 * placing folded badges) runs on every arXiv page and stays small; the UI module
 * (entrypoints/arxiv-ui.content.ts: Preact, the panel, the unfolded summary, Floating UI for
 * the chips' tooltips) is there from the start on paper pages only, and imported from the
 * extension on listing and search pages when a reader first chooses a badge. A listing with
 * nothing to show never loads it.
 */
import { browser } from 'wxt/browser';
import type { abstractPanel } from './abstract-panel';
import type { unfoldingOf } from './listing/unfold';

export interface ContentUi {
  abstractPanel: typeof abstractPanel;
  unfoldingOf: typeof unfoldingOf;
  /** False for a module of an earlier version of the extension, cut off by an update. */
  alive(): boolean;
}

/** Where the UI module is inside the built extension (web-accessible to arXiv's pages). */
export const UI_MODULE = '/content-scripts/arxiv-ui.js';
/** The global (of the content scripts' own world) the module leaves its functions in. */
export const UI_GLOBAL = '__arxivDigestUi';

let loading: Promise<ContentUi> | null = null;

/** The UI module, imported once; a failed import is tried again next time. */
export function loadUi(): Promise<ContentUi> {
  const there = (globalThis as unknown as Record<string, ContentUi | undefined>)[UI_GLOBAL];
  if (there?.alive()) return Promise.resolve(there);
  loading ??= import(/* @vite-ignore */ browser.runtime.getURL(UI_MODULE as '/')).then(() => {
    const ui = (globalThis as unknown as Record<string, ContentUi | undefined>)[UI_GLOBAL];
    if (!ui?.alive()) throw new Error(`${UI_MODULE} did not load`);
    return ui;
  });
  loading.catch(() => (loading = null));
  return loading;
}

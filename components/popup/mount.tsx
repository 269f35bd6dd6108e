/** Wires the popup to the browser: messaging, the current tab, the options page. */
import { render } from 'preact';
import { browser } from 'wxt/browser';
import { call } from '../../lib/messaging';
import type { SourceInfo } from '../../lib/messaging';
import { readSettings, watchSettings, type Settings } from '../../storage/settings';
import type { Ask } from './client';
import { PopupApp } from './PopupApp';
import { keepSnapshot, readSnapshot, type Snapshot } from './snapshot';
import './popup.css';

const ask: Ask = (type, data) => call((m) => browser.runtime.sendMessage(m), type, data);

async function currentTabUrl(): Promise<string | null> {
  // Without the tabs permission, a tab's URL is visible only on sites we have host access to:
  // exactly the arXiv pages this popup has something to say about.
  const [tab] = await browser.tabs.query({ active: true, lastFocusedWindow: true }).catch(() => []);
  return tab?.url ?? null;
}

/** The options page, at one of its sections; the popup closes behind it. */
function openOptions(section?: string): void {
  const opened = section ? browser.tabs.create({ url: browser.runtime.getURL(`/options.html#${section}`) }) : browser.runtime.openOptionsPage();
  void opened.then(() => window.close());
}

/**
 * The first answers the popup shows (settings, the digest list) are asked for before Preact
 * renders: its effects run only after the first frame, which would put them a frame late.
 * Every fresh answer is kept as the next opening's snapshot.
 */
function prefetching(): { ask: Ask; settings: Promise<Settings>; sources: Promise<SourceInfo[]> } {
  const listSources = () => ask('listSources', {}).then((sources) => (keepSnapshot({ sources }), sources));
  const sources = listSources();
  let early: Promise<SourceInfo[]> | null = sources;
  const first: Ask = (type, data) => {
    if (type === 'listSources') {
      const answer = early ?? listSources();
      early = null;
      return answer as ReturnType<Ask>;
    }
    return ask(type, data);
  };
  const settings = readSettings().then((s) => (keepSnapshot({ settings: s }), s));
  watchSettings((s) => keepSnapshot({ settings: s }));
  return { ask: first, settings, sources };
}

/**
 * The answers, when they come within `ms`; null otherwise (the popup then fills in as they
 * come). A failed answer is not swallowed: it is null here, and the popup's own request for the
 * digests gets the same failure and shows it with a retry.
 */
function answersWithin(ms: number, settings: Promise<Settings>, sources: Promise<SourceInfo[]>): Promise<Snapshot | null> {
  const late = new Promise<null>((resolve) => setTimeout(() => resolve(null), ms));
  const both = Promise.all([settings, sources]).then(
    ([s, list]) => ({ settings: s, sources: list }),
    () => null, // shown by the popup (see above), logged there once
  );
  return Promise.race([both, late]);
}

export async function mountPopup(): Promise<void> {
  const early = prefetching();
  // Last time's content at once; the very first time, the answers (a stopped worker takes
  // ~100 ms to start), rather than an empty popup that fills a moment later.
  const first = readSnapshot() ?? (await answersWithin(400, early.settings, early.sources));
  render(
    <PopupApp
      ask={early.ask}
      initialSettings={early.settings}
      firstSettings={first?.settings}
      firstSources={first?.sources}
      tabUrl={currentTabUrl()}
      openOptions={openOptions}
    />,
    document.getElementById('app')!,
  );
}

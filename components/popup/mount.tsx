/** Wires the popup and the options page to the browser: messaging, the current tab, downloads. */
import { render } from 'preact';
import { browser } from 'wxt/browser';
import { call } from '../../lib/messaging';
import type { SourceInfo } from '../../lib/messaging';
import { readSettings, type Settings } from '../../storage/settings';
import type { Ask } from './client';
import { PopupApp } from './PopupApp';
import './popup.css';

const ask: Ask = (type, data) => call((m) => browser.runtime.sendMessage(m), type, data);

async function currentTabUrl(): Promise<string | null> {
  // Without the tabs permission, a tab's URL is visible only on sites we have host access to:
  // exactly the arXiv pages this popup has something to say about.
  const [tab] = await browser.tabs.query({ active: true, lastFocusedWindow: true }).catch(() => []);
  return tab?.url ?? null;
}

function save(text: string, filename: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

/**
 * The first answers the popup shows (settings, the digest list) are asked for before Preact
 * renders: its effects run only after the first frame, which would put them a frame late.
 */
function prefetching(): { ask: Ask; settings: Promise<Settings> } {
  let sources: Promise<SourceInfo[]> | null = ask('listSources', {});
  const first: Ask = (type, data) => {
    if (type === 'listSources' && sources) {
      const early = sources;
      sources = null;
      return early as ReturnType<Ask>;
    }
    return ask(type, data);
  };
  return { ask: first, settings: readSettings() };
}

export function mountPopup(variant: 'popup' | 'options'): void {
  const early = prefetching();
  render(
    <PopupApp
      ask={early.ask}
      initialSettings={early.settings}
      variant={variant}
      tabUrl={variant === 'popup' ? currentTabUrl() : Promise.resolve(null)}
      requestOrigin={(origin) => browser.permissions.request({ origins: [origin] })}
      save={save}
      openOptions={() => void browser.runtime.openOptionsPage()}
    />,
    document.getElementById('app')!,
  );
}

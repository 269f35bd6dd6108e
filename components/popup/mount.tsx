/** Wires the popup and the options page to the browser: messaging, the current tab, downloads. */
import { render } from 'preact';
import { browser } from 'wxt/browser';
import { call } from '../../lib/messaging';
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

export function mountPopup(variant: 'popup' | 'options'): void {
  render(
    <PopupApp
      ask={ask}
      variant={variant}
      tabUrl={variant === 'popup' ? currentTabUrl() : Promise.resolve(null)}
      requestOrigin={(origin) => browser.permissions.request({ origins: [origin] })}
      save={save}
      openOptions={() => void browser.runtime.openOptionsPage()}
    />,
    document.getElementById('app')!,
  );
}

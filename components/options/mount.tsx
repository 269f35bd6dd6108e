/** Wires the options page to the browser: messaging, permissions, commands, downloads, the bundled digest. */
import { render } from 'preact';
import { browser } from 'wxt/browser';
import bundledDigest from '../../digests/default.md?raw';
import { parseDigest } from '../../lib/digest/parse';
import { call, type LookupHit } from '../../lib/messaging';
import { BUNDLED_NAME } from '../../background/bundled-name';
import { t } from '../i18n';
import type { Ask } from '../popup/client';
import '../popup/popup.css';
import './options.css';
import { OptionsApp } from './OptionsApp';

const ask: Ask = (type, data) => call((m) => browser.runtime.sendMessage(m), type, data);

/** The preview's paper: one of the bundled digest's with key numbers, read from the file itself (the reader may have deleted the digest). */
const SAMPLE_ID = '2410.00531';
function sample(): LookupHit | null {
  const entries = parseDigest(bundledDigest).entries;
  const entry = entries.find((e) => e.arxivId === SAMPLE_ID) ?? entries[0];
  return entry ? { entry, source: { id: 0, name: BUNDLED_NAME }, alsoIn: [] } : null;
}

function save(text: string, filename: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

export function mountOptions(): void {
  document.title = t('optTitle');
  document.documentElement.lang = t('uiLang');
  render(
    <OptionsApp
      ask={ask}
      sample={sample()}
      requestOrigin={(origin) => browser.permissions.request({ origins: [origin] })}
      save={save}
      reorder={(order) => ask('reorderSources', { order })}
      restoreBundled={() => ask('importDigest', { text: bundledDigest, name: BUNDLED_NAME, origin: 'bundled' })}
      commands={() => browser.commands.getAll()}
      openShortcuts={import.meta.env.FIREFOX ? undefined : () => void browser.tabs.create({ url: 'chrome://extensions/shortcuts' })}
      version={browser.runtime.getManifest().version}
      held={() => browser.permissions.getAll()}
    />,
    document.getElementById('app')!,
  );
}

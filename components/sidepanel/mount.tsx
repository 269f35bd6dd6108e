/** Wires the side panel to the browser: messaging and the tab it follows. */
import { render } from 'preact';
import { browser } from 'wxt/browser';
import { HOT_VALID, hotHitOf, hotKey } from '../../lib/hot-copy';
import { call } from '../../lib/messaging';
import type { Ask } from '../popup/client';
import '../popup/popup.css';
import './sidepanel.css';
import { followActiveTab } from './active-tab';
import { SidePanelApp } from './SidePanelApp';

const ask: Ask = (type, data) => call((m) => browser.runtime.sendMessage(m), type, data);
const hot = (id: string) => browser.storage.local.get([HOT_VALID, hotKey(id)]).then((v) => hotHitOf(v, id));

export function mountSidePanel(): void {
  render(<SidePanelApp ask={ask} followTab={followActiveTab} hot={hot} />, document.getElementById('app')!);
}

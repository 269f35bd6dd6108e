// @vitest-environment happy-dom
/**
 * The settings follow from their one declaration (storage/settings.ts SETTINGS): the type, the
 * defaults, the one read, the repair of a bad value, the watch, and the options page's and the
 * popup's rows. Values stored under the keys of earlier releases stay readable.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { fakeBrowser } from 'wxt/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SettingRows } from '../../components/SettingRows';
import { readSettings, repairSettings, SETTING_KEYS, SETTINGS, setSetting, settingItems, watchSettings, type Settings, type SettingUi } from '../../storage/settings';

const root = join(import.meta.dirname, '../..');
const locale = (dir: string) => JSON.parse(readFileSync(join(root, `public/_locales/${dir}/messages.json`), 'utf8')) as Record<string, { message: string }>;
const zh = locale('zh_CN');

function getMessage(key: string, subs?: string | string[]): string {
  const list = subs === undefined ? [] : Array.isArray(subs) ? subs : [subs];
  return (zh[key]?.message ?? '').replace(/\$p(\d)\$/g, (_, i) => list[Number(i) - 1] ?? '');
}

let container: HTMLElement;
beforeEach(() => {
  fakeBrowser.reset();
  (fakeBrowser.i18n as unknown as { getMessage: typeof getMessage }).getMessage = getMessage;
  container = document.createElement('div');
  document.body.append(container);
});
afterEach(() => {
  render(null, container);
  container.remove();
});

describe('settings', () => {
  it('read as their declared defaults on a fresh profile', async () => {
    const s = await readSettings();
    expect(Object.keys(s).sort()).toEqual([...SETTING_KEYS].sort());
    for (const key of SETTING_KEYS) expect(s[key]).toBe(SETTINGS[key].fallback);
    // The defaults a new reader gets.
    expect(s).toEqual({ overlayEnabled: true, displayMode: 'zh', zhScript: 'auto', showKeyNumbers: true, panelCollapsed: false, listingTitles: false });
  });

  it('reads values stored by earlier releases (plain keys in storage.local, with or without the version meta)', async () => {
    await fakeBrowser.storage.local.set({
      overlayEnabled: false,
      displayMode: 'bilingual',
      'displayMode$': { v: 1 },
      showKeyNumbers: false,
      panelCollapsed: true,
      listingTitles: true,
      zhScript: 'hk',
    });
    expect(await readSettings()).toEqual({ overlayEnabled: false, displayMode: 'bilingual', zhScript: 'hk', showKeyNumbers: false, panelCollapsed: true, listingTitles: true });
  });

  it('repairs each malformed value on its own, keeping the good ones', async () => {
    await fakeBrowser.storage.local.set({ overlayEnabled: 'no', displayMode: 'klingon', zhScript: 'tw', showKeyNumbers: 0, panelCollapsed: true, listingTitles: null });
    expect(await readSettings()).toEqual({ overlayEnabled: true, displayMode: 'zh', zhScript: 'tw', showKeyNumbers: true, panelCollapsed: true, listingTitles: false });
    expect(repairSettings(undefined)).toEqual(await (fakeBrowser.reset(), readSettings()));
  });

  it('are written under the same keys they are read from, and watched as a whole', async () => {
    const seen: Settings[] = [];
    const stop = watchSettings((s) => seen.push(s));
    await setSetting('zhScript', 'tw');
    await settingItems.displayMode.setValue('en');
    expect(await fakeBrowser.storage.local.get(['zhScript', 'displayMode'])).toEqual({ zhScript: 'tw', displayMode: 'en' });
    await expect.poll(() => seen.at(-1)).toMatchObject({ zhScript: 'tw', displayMode: 'en' });
    stop();
    const count = seen.length;
    await setSetting('listingTitles', true);
    await new Promise((r) => setTimeout(r, 20));
    expect(seen.length).toBe(count);
  });

  it('each has its row on the options page, labelled in both UI languages; the popup shows those marked for it', async () => {
    const en = locale('en');
    for (const key of SETTING_KEYS) {
      const ui = SETTINGS[key].ui as SettingUi<string>;
      expect(zh[ui.label]?.message, `${key} label in zh_CN`).toBeTruthy();
      expect(en[ui.label]?.message, `${key} label in en`).toBeTruthy();
      for (const k of 'choices' in ui ? Object.values(ui.choices) : []) {
        expect(zh[k]?.message, k).toBeTruthy();
        expect(en[k]?.message, k).toBeTruthy();
      }
    }
    const settings = await readSettings();
    act(() => render(<SettingRows settings={settings} />, container));
    expect([...container.querySelectorAll('.row')].map((r) => r.getAttribute('data-setting'))).toEqual(SETTING_KEYS);
    expect(container.querySelector('[data-setting="zhScript"] label')?.textContent).toBe('简体 / 繁體');
    expect([...container.querySelectorAll('#setting-zhScript option')].map((o) => o.textContent)).toEqual(['自动（简体）', '简体', '繁體（台灣）', '繁體（香港）']);
    render(null, container);
    act(() => render(<SettingRows settings={settings} compact />, container));
    const popupKeys = SETTING_KEYS.filter((k) => (SETTINGS[k].ui as SettingUi<string>).popup === true);
    const shown = [...container.querySelectorAll('[data-setting]')].map((r) => r.getAttribute('data-setting'));
    expect(shown.length + container.querySelectorAll('.pair > select').length).toBe(popupKeys.length);
  });

  it('a control writes its setting', async () => {
    const settings = await readSettings();
    act(() => render(<SettingRows settings={settings} />, container));
    const sw = container.querySelector<HTMLButtonElement>('[data-setting="listingTitles"] [role="switch"]')!;
    await act(() => sw.click());
    expect(await settingItems.listingTitles.getValue()).toBe(true);
    const bilingual = [...container.querySelectorAll<HTMLButtonElement>('[data-setting="displayMode"] [role="radio"]')].find((b) => b.textContent === '双语')!;
    await act(() => bilingual.click());
    expect(await settingItems.displayMode.getValue()).toBe('bilingual');
    const select = container.querySelector<HTMLSelectElement>('#setting-zhScript')!;
    await act(() => {
      select.value = 'hk';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect(await settingItems.zhScript.getValue()).toBe('hk');
  });
});

import { expect, test } from './fixtures';

interface Command {
  name: string;
  shortcut: string;
}

// Chromium leaves a suggested key unset when it will not assign it (Alt+Shift+Z on Linux): the
// command then does nothing until a reader finds chrome://extensions/shortcuts.
test('every command has a shortcut Chromium really assigned', async ({ ext }) => {
  const sw = await ext.sw();
  // The commands the manifest declares (Chromium adds `_execute_action`, which has no suggested key).
  const declared = Object.keys((await ext.page.evaluate(() => chrome.runtime.getManifest())).commands ?? {});
  const commands = ((await sw.evaluate(() => chrome.commands.getAll())) as Command[]).filter((c) => declared.includes(c.name));
  expect(commands.map((c) => c.name).sort()).toEqual(declared.sort());
  for (const c of commands) expect({ name: c.name, shortcut: c.shortcut }).toEqual({ name: c.name, shortcut: expect.stringMatching(/\S/) });
  expect(commands.find((c) => c.name === 'toggle-overlay')?.shortcut).toBe('Alt+Shift+K');
});

test('the manifest names the extension’s icons, for the toolbar too', async ({ ext }) => {
  const manifest = await ext.page.evaluate(() => chrome.runtime.getManifest());
  for (const size of ['16', '32', '48', '128']) {
    expect(manifest.icons?.[size]).toBeTruthy();
    expect((manifest.action?.default_icon as Record<string, string>)[size]).toBe(manifest.icons![size]);
    // Each is a real PNG of its size in the built extension.
    const dims = await ext.page.evaluate(async (path) => {
      const img = new Image();
      img.src = chrome.runtime.getURL(path);
      await img.decode();
      return [img.naturalWidth, img.naturalHeight];
    }, manifest.icons![size]);
    expect(dims).toEqual([Number(size), Number(size)]);
  }
});

/**
 * `wxt/browser` (aliased here in wxt.config.ts): the browser's own `browser` namespace where it
 * has one (Firefox; Chromium since it added the alias), else webextension-polyfill's wrapper of
 * `chrome`, which is then evaluated on first use.
 *
 * Why not the polyfill's ES module: importing its CommonJS export copies every property of the
 * namespace onto a module object (the bundler's interop), and reading a property of `chrome`
 * builds that API's bindings — all of them (windows, permissions, action, scripting …) at every
 * start of the worker and every content script, though the polyfill itself hands back the
 * native object. A CPU profile of a cold worker start put half of our script's time there
 * (npm run bench -- --only=cold, docs/performance.md).
 */
type Browser = typeof import('wxt/browser').browser;

const native = (globalThis as { browser?: { runtime?: { id?: string } } }).browser;

export const browser: Browser = native?.runtime?.id ? (native as Browser) : require('webextension-polyfill');

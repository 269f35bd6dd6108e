import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { fileURLToPath } from 'node:url';

import { ARXIV_MATCHES } from './lib/arxiv/pages';

const ICONS = { 16: 'icon/16.png', 32: 'icon/32.png', 48: 'icon/48.png', 128: 'icon/128.png' };
const ARXIV = ARXIV_MATCHES;

export default defineConfig({
  // WXT_OUT_DIR: a second build beside the usual one (npm run bench's before/after).
  ...(process.env.WXT_OUT_DIR ? { outDir: process.env.WXT_OUT_DIR } : {}),
  modules: ['@wxt-dev/webextension-polyfill'],
  hooks: {
    // The small content script first: the background puts content_scripts[0] into arXiv tabs
    // open at an install or update (background/open-tabs.ts), and it loads the UI module itself.
    'build:manifestGenerated': (_wxt, manifest) => {
      manifest.content_scripts?.sort((a, b) => Number(!!b.js?.includes('content-scripts/arxiv.js')) - Number(!!a.js?.includes('content-scripts/arxiv.js')));
    },
    // 繁體: OpenCC's tables (~1.1 MB) as one module beside the scripts, imported only when a
    // reader chooses Traditional Chinese (components/zh-script.ts), never bundled.
    'build:publicAssets': (_wxt, files) => {
      files.push({ absoluteSrc: fileURLToPath(new URL('./node_modules/opencc-js/dist/esm/cn2t.js', import.meta.url)), relativeDest: 'opencc-cn2t.js' });
    },
  },
  vite: () => ({
    plugins: [preact()],
    // NO_MINIFY=1 wxt build: readable function names in a CPU profile.
    ...(process.env.NO_MINIFY ? { build: { minify: false } } : {}),
    resolve: {
      alias: {
        // The browser namespace without the polyfill's interop copy (lib/browser.ts).
        'wxt/browser': fileURLToPath(new URL('./lib/browser.ts', import.meta.url)),
        // Its browser build calls document.createElement at import time, which kills the
        // service worker (no document there); the plain build decodes from a table instead.
        'decode-named-character-reference': fileURLToPath(new URL('./node_modules/decode-named-character-reference/index.js', import.meta.url)),
      },
    },
  }),
  // `npm run zip`: the store packages, and for Firefox's reviewers the sources to rebuild from
  // (without test output, which git ignores too).
  zip: { excludeSources: ['tests/screenshots/**', 'test-results/**', 'reports/**', 'bench/results.json'] },
  manifest: ({ browser, manifestVersion }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'zh_CN',
    // The 中 mark, drawn in public/icon/icon.svg and rendered by scripts/icons.js.
    icons: ICONS,
    action: { default_icon: ICONS },
    // Host access to arXiv only; a digest URL elsewhere is asked for when the user imports it.
    host_permissions: ARXIV,
    optional_host_permissions: ['https://*/*'],
    // storage: settings; scripting: put the content script into arXiv tabs already open at
    // install or update, so they need no reload; alarms: subscriptions' checks every few hours;
    // sidePanel: Chrome's side panel, enabled per arXiv tab (Firefox's sidebar_action needs none).
    permissions: [
      'storage',
      ...(manifestVersion === 3 ? ['scripting'] : []),
      'alarms',
      ...(browser !== 'firefox' && manifestVersion === 3 ? ['sidePanel'] : []),
    ],
    commands: {
      'toggle-overlay': {
        // Alt+Shift+K is assigned by Chromium on Linux, Windows and macOS (Alt+Shift+Z is
        // silently left unset on Linux); Alt+A/W/S/I and Ctrl+Shift+E/P/S are taken by other
        // arXiv extensions. tests/e2e/page-commands.e2e.ts fails on a command without a key.
        suggested_key: { default: 'Alt+Shift+K' },
        description: '__MSG_commandToggle__',
      },
      // The side panel's own key. Chromium on Linux assigns Ctrl+Shift+Y (checked with
      // commands.getAll()); in Firefox that key is the Downloads library, so Alt+Shift+Y there.
      // Firefox opens its sidebar through the reserved command itself; Chrome's is handled in
      // background/side-panel.ts.
      [browser === 'firefox' ? '_execute_sidebar_action' : 'open-side-panel']: {
        suggested_key: { default: browser === 'firefox' ? 'Alt+Shift+Y' : 'Ctrl+Shift+Y' },
        description: '__MSG_sideCommand__',
      },
    },
    // The content script imports its UI module (features/lazy-ui.ts) and the 繁體 converter
    // (components/zh-script.ts) from the extension.
    web_accessible_resources: manifestVersion === 3 ? [{ resources: ['content-scripts/arxiv-ui.js', 'opencc-cn2t.js'], matches: ARXIV }] : ['content-scripts/arxiv-ui.js', 'opencc-cn2t.js'],
    ...(manifestVersion === 2 ? { optional_permissions: ['https://*/*'] } : {}),
    ...(browser === 'firefox'
      ? { browser_specific_settings: { gecko: { id: 'arxiv-digest@arxiv-digest.dev', strict_min_version: '115.0', data_collection_permissions: { required: ['none'] } } } }
      : {}),
  }),
});

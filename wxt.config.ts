import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { fileURLToPath } from 'node:url';

const ARXIV = ['*://arxiv.org/*', '*://www.arxiv.org/*', '*://export.arxiv.org/*'];

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({
    plugins: [preact()],
    // NO_MINIFY=1 wxt build: readable function names in a CPU profile.
    ...(process.env.NO_MINIFY ? { build: { minify: false } } : {}),
    resolve: {
      alias: {
        // Its browser build calls document.createElement at import time, which kills the
        // service worker (no document there); the plain build decodes from a table instead.
        'decode-named-character-reference': fileURLToPath(new URL('./node_modules/decode-named-character-reference/index.js', import.meta.url)),
      },
    },
  }),
  manifest: ({ browser, manifestVersion }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'zh_CN',
    // Host access to arXiv only; a digest URL elsewhere is asked for when the user imports it.
    host_permissions: ARXIV,
    optional_host_permissions: ['https://*/*'],
    // storage: settings; scripting: put the content script into arXiv tabs already open at
    // install or update, so they need no reload; alarms: subscriptions' checks every few hours.
    permissions: manifestVersion === 3 ? ['storage', 'scripting', 'alarms'] : ['storage', 'alarms'],
    commands: {
      'toggle-overlay': {
        // Alt+A/W/S/I and Ctrl+Shift+E/P/S are taken by other arXiv extensions.
        suggested_key: { default: 'Alt+Shift+Z' },
        description: '__MSG_commandToggle__',
      },
    },
    ...(manifestVersion === 2 ? { optional_permissions: ['https://*/*'] } : {}),
    ...(browser === 'firefox'
      ? { browser_specific_settings: { gecko: { id: 'arxiv-digest@arxiv-digest.dev', strict_min_version: '115.0', data_collection_permissions: { required: ['none'] } } } }
      : {}),
  }),
});

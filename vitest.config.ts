import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';
import preact from '@preact/preset-vite';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  // WxtVitest does not load wxt.config's Vite plugins: Preact is added here too.
  plugins: [WxtVitest(), preact()],
  resolve: {
    alias: {
      'decode-named-character-reference': fileURLToPath(new URL('./node_modules/decode-named-character-reference/index.js', import.meta.url)),
    },
  },
  test: {
    include: ['tests/unit/**/*.test.{ts,tsx}'],
    setupFiles: ['fake-indexeddb/auto'],
    // Parsing whole real digests takes seconds on a busy 2-core machine; speed is the benchmark's job.
    testTimeout: 20_000,
    // Saved arXiv pages link arXiv's stylesheets and scripts: a DOM test loads none of them.
    environmentOptions: {
      happyDOM: {
        settings: {
          disableCSSFileLoading: true,
          disableJavaScriptFileLoading: true,
          disableIframePageLoading: true,
          handleDisabledFileLoadingAsSuccess: true,
        },
      },
    },
  },
});

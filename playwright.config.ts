import { defineConfig } from '@playwright/test';
import type { UiLang } from './tests/e2e/ui-lang';

export default defineConfig<{ uiLang: UiLang }>({
  testDir: 'tests/e2e',
  testMatch: '**/*.e2e.ts',
  // Each test starts its own Chromium with a fresh profile; two cores run one at a time well.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: { trace: 'off' },
  // The UI language is chosen per run, on purpose: everything runs in the Chinese UI (the
  // default locale); the tests tagged @i18n — those that read the UI's own words — run again
  // in the English one.
  projects: [
    { name: 'zh-CN', use: { uiLang: 'zh-CN' } },
    { name: 'en', use: { uiLang: 'en' }, grep: /@i18n/ },
  ],
});

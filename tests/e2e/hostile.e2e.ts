/**
 * A digest is a stranger's text shown on arxiv.org. Hostile digests, imported as a reader would,
 * shown on every surface: no script of theirs runs (no dialog, the flag a payload would set stays
 * unset), and on arXiv's pages no element outside our shadow roots carries their text. A new
 * surface (side panel, subscriptions' status) is one more entry in SURFACES.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { listingPage, readPage } from '../../scripts/offline-pages.js';
import { expect, test } from './fixtures';

const MARK = 'HOSTILE标记';
const PAYLOADS = [
  `<img src=x onerror="window.__pwned=1;alert(1)">`,
  `<script>window.__pwned=1</script>`,
  `<svg onload="window.__pwned=1">`,
  `<a href="javascript:window.__pwned=1">点我</a>`,
  `"><iframe srcdoc="<script>parent.__pwned=1</script>">`,
  '\u202e反向文字\u202c',
  '{{constructor.constructor("window.__pwned=1")()}}',
];
const payload = PAYLOADS.join(' ');
const numbers = Array.from({ length: 300 }, (_, i) => `准确率为 ${i}.5%`).join('，');

/** Markdown with raw HTML, a javascript: link as the paper link's neighbour, and payloads everywhere. */
const DIGEST = `## <img src=x onerror="window.__pwned=1"> EMPIR ${MARK}
[${MARK} 中文标题 ${payload}](https://arxiv.org/abs/2004.10162)

${MARK} 摘要 ${payload} 提高了 42.6%。[链接](javascript:window.__pwned=1) <details open ontoggle="window.__pwned=1">x</details>

## Listing paper ${MARK}
[${MARK} 列表标题 ${PAYLOADS[0]}](https://arxiv.org/abs/2411.00001)

${MARK} 列表摘要 ${payload}，${numbers}。
`;
const NAME = `<img src=x onerror="window.__pwned=1">${MARK}.md`;

test.use({
  pages: {
    'https://arxiv.org/abs/2004.10162': readPage('abs2020'),
    'https://arxiv.org/list/cs.CL/new': listingPage(['2411.00001', '2409.18869'], { sections: 1 }),
  },
});

interface Watched {
  page: Page;
  dialogs: number;
}

function watch(page: Page): Watched {
  const w = { page, dialogs: 0 };
  page.on('dialog', (d) => {
    w.dialogs++;
    void d.dismiss();
  });
  return w;
}

async function ranNothing(w: Watched): Promise<void> {
  await w.page.waitForTimeout(300);
  expect(w.dialogs).toBe(0);
  expect(await w.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  // No element of a payload was ever made, in the page or in any open shadow root.
  const made = await w.page.evaluate(() => {
    const roots: Array<Document | ShadowRoot> = [document];
    for (const el of document.querySelectorAll('*')) if (el.shadowRoot) roots.push(el.shadowRoot);
    return roots.flatMap((r) => [...r.querySelectorAll('img[onerror], svg[onload], iframe[srcdoc], details[ontoggle], a[href^="javascript:"], script:not([src])')].map((e) => e.outerHTML.slice(0, 80)));
  });
  // arXiv's own saved pages carry inline scripts of their own: only payload-made ones count.
  expect(made.filter((h) => h.includes('__pwned'))).toEqual([]);
}

/** On arXiv: the digest's text is only inside our shadow roots. */
async function onlyInOurShadowRoots(page: Page): Promise<void> {
  const outside = await page.evaluate((mark) => {
    const html = document.documentElement.outerHTML;
    const at = html.indexOf(mark);
    return at < 0 && !document.title.includes(mark) ? '' : html.slice(Math.max(0, at - 300), at + 40);
  }, MARK);
  expect(outside).toBe('');
}

const SURFACES: Array<[string, (context: BrowserContext, extId: string) => Promise<void>]> = [
  [
    'the panel on an abstract page',
    async (context) => {
      const w = watch(await context.newPage());
      await w.page.goto('https://arxiv.org/abs/2004.10162');
      // Markdown's raw HTML is dropped, its text kept: nothing of it becomes an element.
      await expect(w.page.locator('arxiv-digest-panel .summary')).toContainText(`${MARK} 摘要`);
      await expect(w.page.locator('arxiv-digest-panel .summary')).toContainText('\u202e反向文字\u202c');
      await ranNothing(w);
      await onlyInOurShadowRoots(w.page);
    },
  ],
  [
    'badges on a listing, folded and unfolded, with Chinese titles',
    async (context) => {
      const w = watch(await context.newPage());
      await w.page.goto('https://arxiv.org/list/cs.CL/new');
      const badge = w.page.locator('arxiv-digest-badge[data-arxiv-id="2411.00001"]');
      await expect(badge).toHaveCount(1);
      await badge.getByRole('button').click();
      await expect(w.page.locator('arxiv-digest-unfold')).toContainText(`${MARK} 列表摘要`);
      await ranNothing(w);
      await onlyInOurShadowRoots(w.page);
    },
  ],
  [
    'the popup’s search results',
    async (context, extId) => {
      const w = watch(await context.newPage());
      await w.page.goto(`chrome-extension://${extId}/popup.html`);
      await w.page.getByRole('searchbox').fill(MARK);
      await expect(w.page.locator('.results a').first()).toContainText(MARK);
      await ranNothing(w);
    },
  ],
  [
    'the options page’s list of digests',
    async (context, extId) => {
      const w = watch(await context.newPage());
      await w.page.goto(`chrome-extension://${extId}/options.html`);
      await expect(w.page.getByText(NAME).first()).toBeVisible();
      await ranNothing(w);
    },
  ],
];

for (const [name, visit] of SURFACES) {
  test(`a hostile digest runs nothing: ${name}`, async ({ context, ext }) => {
    const result = await ext.importDigest(DIGEST, NAME);
    expect(result.imported).toBe(2);
    await ext.setSettings({ listingTitles: true });
    await visit(context, ext.id);
  });
}

// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractEnglish, extractPaperRef, findAbstractAnchor, findListedPapers, listedTitleOf, listingListsAfter, listingListsOf, pageTheme, versionOnPage } from '../../lib/arxiv/dom';
import { listingPage } from '../../scripts/offline-pages.js';

const page = (name: string) => new DOMParser().parseFromString(readFileSync(join(import.meta.dirname, '../fixtures/arxiv-pages', name), 'utf8'), 'text/html');

describe('abstract pages of each era', () => {
  it.each([
    ['abs_2004.10162v1_2020-layout.html', '2004.10162', 1, 'EMPIR: Ensembles of Mixed Precision'],
    ['abs_2106.09608v2_2021-layout.html', '2106.09608', 2, 'Learning Knowledge Graph-based World Models'],
  ])('%s', (file, id, version, title) => {
    const doc = page(file);
    expect(findAbstractAnchor(doc)?.matches('blockquote.abstract')).toBe(true);
    expect(extractPaperRef(doc)?.id).toBe(id);
    expect(versionOnPage(doc, null)).toBe(version);
    const en = extractEnglish(doc);
    expect(en.title.startsWith(title)).toBe(true);
    expect(en.abstract).not.toMatch(/^Abstract:/);
    expect(en.abstract.length).toBeGreaterThan(200);
    expect(pageTheme(doc)).toBe('auto');
  });

  it('the HTML full-text page: the abstract is div.ltx_abstract, the id is in <base href>', () => {
    const doc = page('html_2407.16314v1_latexml.html');
    expect(findAbstractAnchor(doc)?.matches('div.ltx_abstract')).toBe(true);
    expect(extractPaperRef(doc)).toEqual({ id: '2407.16314', version: 1 });
    expect(extractEnglish(doc).abstract.length).toBeGreaterThan(200);
  });

  it('markup it does not know gives nothing', () => {
    const doc = new DOMParser().parseFromString('<html><body><p>hello</p></body></html>', 'text/html');
    expect(findAbstractAnchor(doc)).toBeNull();
    expect(extractPaperRef(doc)).toBeNull();
  });
});

describe('listing and search pages', () => {
  it('finds every result of the saved search page', () => {
    const papers = findListedPapers(page('search_abstract-distributed-systems_size200_2025-12.html'));
    expect(papers).toHaveLength(200);
    expect(papers[0].id).toBe('2512.03003');
    expect(listedTitleOf(papers[0])?.matches('p.title')).toBe(true);
  });

  it('finds the papers of every dl#articles section, old-style ids included', () => {
    const doc = new DOMParser().parseFromString(listingPage(['2409.18869', 'chao-dyn/9510015', '2410.00531', 'hep-th/9901001'], { sections: 2 }), 'text/html');
    expect(doc.querySelectorAll('dl#articles')).toHaveLength(2);
    expect(findListedPapers(doc).map((p) => p.id)).toEqual(['2409.18869', 'chao-dyn/9510015', '2410.00531', 'hep-th/9901001']);
  });

  it('the sections after the first: beside it, beside its ancestors, or wrapped inside those, in page order', () => {
    const html = `<body><div id="dlpage"><h3>New</h3><dl id="articles"><dt>1</dt></dl><h3>Cross</h3><dl id="articles"><dt>2</dt><dd><dl id="articles"></dl></dd></dl>
      <div class="wrap"><section><dl id="articles"><dt>3</dt></dl></section></div><dl id="other"></dl></div>
      <main><dl id="articles"><dt>4</dt></dl></main><footer><dl><dt>x</dt></dl></footer></body>`;
    const doc = new DOMParser().parseFromString(html, 'text/html');
    const all = listingListsOf(doc);
    expect(all).toHaveLength(5);
    // Each section once, in page order; a dl#articles inside a section's entry is not one.
    const after = listingListsAfter(all[0]);
    expect(after.map((dl) => dl.querySelector('dt')?.textContent ?? '')).toEqual(['2', '3', '4']);
    expect(after).toEqual([all[1], all[3], all[4]]);
  });
});

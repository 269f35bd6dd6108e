/**
 * The only module that knows arXiv's markup: where the abstract is in each page era, where a
 * listing or search result keeps its id, and what the page says of itself. Pure: every
 * function takes the document (or an element) it reads.
 */
import { parseArxivId, type ArxivRef } from './ids';

/** Where the panel goes, most specific first; each with the page era it serves. */
const ABSTRACT_ANCHORS = [
  'blockquote.abstract', // abstract page, 2020 layout through the current templates
  'div.ltx_abstract', // HTML full text (LaTeXML)
  '#abs .abstract', // older abstract pages
  '.leftcolumn blockquote',
  '#content-inner blockquote',
];

export function findAbstractAnchor(doc: ParentNode): Element | null {
  for (const sel of ABSTRACT_ANCHORS) {
    const el = doc.querySelector(sel);
    if (el) return el;
  }
  return null;
}

/** The paper's English title, for the bilingual display's Chinese title under it. */
const TITLE_ANCHORS = [
  'h1.title', // abstract page, 2020 layout through the current templates
  'h1.ltx_title_document', // HTML full text (LaTeXML)
  '#abs h1', // older abstract pages
];

export function findTitleAnchor(doc: ParentNode): Element | null {
  for (const sel of TITLE_ANCHORS) {
    const el = doc.querySelector(sel);
    if (el) return el;
  }
  return null;
}

function textWithoutDescriptor(el: Element | null): string {
  if (!el) return '';
  const clone = el.cloneNode(true) as Element;
  clone.querySelectorAll('.descriptor, .ltx_title_abstract, script, style').forEach((n) => n.remove());
  return (clone.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** The English title and abstract, for the bilingual display. */
export function extractEnglish(doc: Document): { title: string; abstract: string } {
  const title =
    textWithoutDescriptor(doc.querySelector('h1.title')) ||
    textWithoutDescriptor(doc.querySelector('h1.ltx_title_document')) ||
    (doc.querySelector('meta[name="citation_title"]')?.getAttribute('content') ?? '').trim();
  const abstract =
    textWithoutDescriptor(doc.querySelector('blockquote.abstract')) ||
    textWithoutDescriptor(doc.querySelector('div.ltx_abstract')) ||
    (doc.querySelector('meta[name="citation_abstract"]')?.getAttribute('content') ?? '').trim();
  return { title, abstract };
}

/**
 * The paper a page shows when its URL does not say: `citation_arxiv_id`, then `.arxivid a`,
 * then (HTML pages carry no citation meta) `<base href>` and the canonical link.
 */
export function extractPaperRef(doc: Document): ArxivRef | null {
  const candidates = [
    doc.querySelector('meta[name="citation_arxiv_id"]')?.getAttribute('content'),
    doc.querySelector('.arxivid a')?.textContent,
    doc.querySelector('base[href]')?.getAttribute('href'),
    doc.querySelector('link[rel="canonical"]')?.getAttribute('href'),
  ];
  for (const c of candidates) {
    const ref = c ? parseArxivId(c) : null;
    if (ref) return ref;
  }
  return null;
}

/** The version on screen: the URL's `vN`, else the dateline's "(this version, vN)". */
export function versionOnPage(doc: Document, urlRef: ArxivRef | null): number | null {
  if (urlRef?.version) return urlRef.version;
  const dateline = doc.querySelector('.dateline')?.textContent ?? '';
  const m = /this version,\s*v(\d+)/i.exec(dateline);
  if (m) return Number(m[1]);
  const og = doc.querySelector('meta[property="og:url"]')?.getAttribute('content');
  return (og && parseArxivId(og)?.version) || null;
}

/** HTML full-text pages set their theme on <html data-theme>; abstract pages have none. */
export function pageTheme(doc: Document): 'light' | 'dark' | 'auto' {
  const t = doc.documentElement.getAttribute('data-theme');
  return t === 'dark' || t === 'light' ? t : 'auto';
}

export interface ListedPaper {
  id: string;
  /** The element the badge goes after (the id link). */
  anchor: Element;
  /** Where the unfolded summary goes: the listing's `dd`, the search result's `li`. */
  container: Element;
}

/**
 * The English title element, for the Chinese title under it. Asked when needed, not when the
 * paper is found: the parser may not have reached the title yet, and 2,000 queries cost.
 */
export function listedTitleOf(paper: ListedPaper): Element | null {
  return paper.container.querySelector(paper.container.tagName === 'DD' ? '.list-title' : 'p.title');
}

/**
 * Where an unfolded badge's summary goes: after the entry's abstract where the page shows one,
 * else after its title, so that it reads below the paper's own words (never between the id
 * line and its title).
 */
export function listedUnfoldAnchorOf(paper: ListedPaper): Element | null {
  const c = paper.container;
  if (c.tagName === 'DD') return c.querySelector('.meta > p.mathjax') ?? c.querySelector('.list-title'); // listings (with abstracts: `/list/…?show=abstracts`)
  return c.querySelector('p.abstract') ?? c.querySelector('p.title'); // search results
}

/** Where papers are listed, each with the page it serves. */
export const LISTED_PAPER_SELECTOR = [
  'dl[id="articles"] > dt', // listings: one dl#articles per section (several share the id)
  'li.arxiv-result', // search results
].join(', ');

/**
 * The elements a listed paper may stand in, as live collections in document order: the
 * listings' `dt`s and the search results' `li.arxiv-result`. While the parser works the page
 * only grows at its end, so reading on from where the last pass stopped sees what was added.
 * Each element still has to match LISTED_PAPER_SELECTOR (a `dt` outside `dl#articles` is not a paper).
 */
export function listedPaperCandidates(doc: Document): HTMLCollectionOf<Element>[] {
  return [doc.getElementsByTagName('dt'), doc.getElementsByClassName('arxiv-result')];
}

/** The lists papers stand in: a listing section's `dl#articles`, the search page's `ol`. */
export const PAPER_LIST_SELECTOR = 'dl, ol, ul';

/** The list a paper stands in, or null. */
export function paperListOf(paper: ListedPaper): Element | null {
  return paper.anchor.closest(PAPER_LIST_SELECTOR);
}

/** The paper one listing `dt` or search `li` shows, once its parts have been parsed. */
export function listedPaperOf(el: Element): ListedPaper | null {
  if (el.tagName === 'DT') {
    const a = el.querySelector('a[title="Abstract"]') ?? el.querySelector('a[href*="/abs/"]');
    const ref = a ? (parseArxivId(a.getAttribute('id') ?? '') ?? parseArxivId(a.getAttribute('href') ?? '') ?? parseArxivId(a.textContent ?? '')) : null;
    const dd = el.nextElementSibling?.tagName === 'DD' ? el.nextElementSibling : null;
    return a && ref && dd ? { id: ref.id, anchor: a, container: dd } : null;
  }
  const a = el.querySelector('p.list-title > a');
  const ref = a ? (parseArxivId(a.textContent ?? '') ?? parseArxivId(a.getAttribute('href') ?? '')) : null;
  return a && ref ? { id: ref.id, anchor: a, container: el } : null;
}

/**
 * Papers on listing pages (`dl#articles`: several share that id, one per section) and search
 * result pages (`li.arxiv-result`), old-style ids included.
 */
export function findListedPapers(root: ParentNode): ListedPaper[] {
  const out: ListedPaper[] = [];
  root.querySelectorAll(LISTED_PAPER_SELECTOR).forEach((el) => {
    const paper = listedPaperOf(el);
    if (paper) out.push(paper);
  });
  return out;
}

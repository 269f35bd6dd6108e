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
  /** The id link: its line holds the badge (placeListedBadge). */
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
 * Puts a listed paper's badge on its id line, at the end (after `[pdf, html, other]`): inserted
 * after the line was drawn, it then moves nothing already on that line. While the parser may
 * still add to the line (nothing follows it yet), right after the id link instead; that is
 * before the line's first frame.
 */
export function placeListedBadge(paper: ListedPaper, badge: Element): void {
  const line = paper.anchor.parentElement;
  if (!line || !parsedThrough(line)) return paper.anchor.after(badge);
  // Before the line's trailing white space (the markup's line break), which stays collapsed at
  // the line's end: after it, it would become a drawn space and move.
  let end: ChildNode | null = line.lastChild;
  while (end && end.nodeType === 3 && !end.textContent!.trim()) end = end.previousSibling;
  if (end) end.after(badge);
  else line.append(badge);
}

/** The badge a listed paper's id line holds (where placeListedBadge put it), if any. */
export function listedBadgeOf(paper: ListedPaper, tag: string): Element | null {
  const next = paper.anchor.nextElementSibling;
  if (next?.localName === tag) return next;
  const last = paper.anchor.parentElement?.lastElementChild;
  return last?.localName === tag ? last : null; // the last element: only white space may follow it
}

/** True when the parser is done with `el`: something follows it (or an ancestor), or the page is parsed. */
function parsedThrough(el: Element): boolean {
  if (el.ownerDocument.readyState !== 'loading') return true;
  for (let x: Element | null = el; x && x.localName !== 'body'; x = x.parentElement) if (x.nextSibling) return true;
  return false;
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

/** The id every section's list of a listing carries (several share it). */
export const LISTING_LIST_ID = 'articles';

/** Every section's list of a listing (`dl#articles`), in page order. */
export function listingListsOf(doc: Document): Element[] {
  // By tag, not by a selector: a selector is matched against every element of a 2,000-entry page.
  return Array.prototype.filter.call(doc.getElementsByTagName('dl'), isListingList) as Element[];
}

/**
 * The sections (`dl#articles`) after `first` in page order: those beside it or beside one of
 * its ancestors, and inside those. Only what follows the sections is searched below (the
 * page's footer, on arXiv's template); a search of the whole document walks every node of a
 * 2,000-entry listing (~0.5 ms).
 */
export function listingListsAfter(first: Element): Element[] {
  const out: Element[] = [];
  for (let x: Element | null = first; x && x.localName !== 'body'; x = x.parentElement)
    for (let el = x.nextElementSibling; el; el = el.nextElementSibling) {
      if (isListingList(el)) out.push(el);
      else if (el.firstElementChild) for (const dl of el.getElementsByTagName('dl')) if (isListingList(dl)) out.push(dl);
    }
  return out;
}

/**
 * A search page's results (`li.arxiv-result`), a live collection in document order: while the
 * parser works the page only grows at its end, so reading on from where the last pass
 * stopped sees what was added.
 */
export function searchResultsOf(doc: Document): HTMLCollectionOf<Element> {
  return doc.getElementsByClassName('arxiv-result');
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

/** `2410.00531` / `0704.0001`: a bare new-style id, checked character by character (no regex, no object). */
function quickNewId(s: string): boolean {
  const n = s.length;
  if ((n !== 9 && n !== 10) || s.charCodeAt(4) !== 46) return false;
  for (let i = 0; i < n; i++) {
    if (i === 4) continue;
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return false;
  }
  const month = (s.charCodeAt(2) - 48) * 10 + (s.charCodeAt(3) - 48);
  if (month < 1 || month > 12) return false;
  // Four-digit numbers from 0704 to 1412, five-digit from 1501 on.
  const yymm = s.slice(0, 4);
  return n === 10 ? yymm >= '1501' : yymm >= '0704' && yymm <= '1412';
}

/**
 * The id of the paper a listing `dt` or search `li` shows, read with as little as possible:
 * a listing's id link carries the bare id as its `id` (2,000 of them on a page, most of them
 * covered by no digest: nothing else is read of those). Null while the link is not parsed yet.
 */
export function listedIdOf(el: Element): string | null {
  if (el.tagName === 'DT') {
    const a = el.querySelector('a[title="Abstract"]');
    const direct = a?.id ?? '';
    if (direct && quickNewId(direct)) return direct;
  }
  return listedPaperOf(el)?.id ?? null;
}

/** A listing section's list, `dl#articles` (several share that id, one per section). */
export function isListingList(el: Element): boolean {
  return el.tagName === 'DL' && el.id === LISTING_LIST_ID;
}

/** After `arXiv:` in a listing's text: an old-style id (`chao-dyn/9510015`, `math.GT/0309136`). */
const OLD_ID_AFTER = /^[a-z-]+(?:\.[A-Z]{2})?\/\d{7}/;

/**
 * What is known of the coverage of new-style ids, by their month (`2409` for 2409.18869, as a
 * number) and length (10): features/listing/coverage.ts answers from the months' answers.
 */
export interface KnownCoverage {
  /**
   * The bitsets (one character a byte, bit `n` for number n) of the digests that cover that
   * month's ids of that length: an id in none is covered by no digest. Null when that is not
   * known (the month not asked about, or a digest's ids of it sent as a list).
   */
  bitsOf(yymm: number, width: number): readonly string[] | null;
}

/**
 * The ids printed in a stretch of a listing's text (`Range.toString()` of what the parser
 * added): the papers' ids as their `dt`s print them (`arXiv:<id>`), read without touching an
 * element — 2,000 elements cost more to reach from a content script than their text does to
 * read. A mention of another paper in an entry's comments or abstract is found too:
 * findListedPaper then finds no such paper on the page.
 *
 * `known`: ids it says no digest covers are left out, tested in place — no string made, no
 * call made for them: on most listings that is nearly every paper (npm run bench:
 * listing.uncovered).
 */
export function idsInListingText(text: string, known?: KnownCoverage): string[] {
  const out: string[] = [];
  mentions = 0;
  // A listing's ids come month by month: while they stay in the last id's month (`2503.`, and
  // its ids' length), only their numbers are read, and the month's bitsets are at hand.
  let runPrefix = '';
  let runWidth = 0;
  let bits: readonly string[] | null = null;
  /** The run's bitset when it has one (most listings; '' when it has none): tested inline, no call. */
  let one: string | null = null;
  // indexOf, not a regular expression over the whole text (titles and abstracts included).
  // The loop runs once an id, in code that is cold on every page (interpreted): no call in
  // its common path, the five digits of a new id read unrolled.
  for (let at = text.indexOf('arXiv:'); at >= 0; at = text.indexOf('arXiv:', at + 6)) {
    const start = at + 6;
    mentions++;
    if (runWidth === 10 && text.startsWith(runPrefix, start)) {
      const d0 = text.charCodeAt(start + 5) - 48;
      const d1 = text.charCodeAt(start + 6) - 48;
      const d2 = text.charCodeAt(start + 7) - 48;
      const d3 = text.charCodeAt(start + 8) - 48;
      const d4 = text.charCodeAt(start + 9) - 48;
      const after = text.charCodeAt(start + 10) - 48;
      if (d0 >= 0 && d0 <= 9 && d1 >= 0 && d1 <= 9 && d2 >= 0 && d2 <= 9 && d3 >= 0 && d3 <= 9 && d4 >= 0 && d4 <= 9 && !(after >= 0 && after <= 9)) {
        const number = (((d0 * 10 + d1) * 10 + d2) * 10 + d3) * 10 + d4;
        if (one !== null ? (one.charCodeAt(number >> 3) & (1 << (number & 7))) !== 0 : !bits || inSome(bits, number)) out.push(text.slice(start, start + 10));
        continue;
      }
      // Not an id of that month's length: read as any other.
    }
    if (!isDigit(text.charCodeAt(start))) {
      const old = OLD_ID_AFTER.exec(text.slice(start, start + 24));
      const ref = old ? parseArxivId(old[0]) : null;
      if (ref) out.push(ref.id);
      continue;
    }
    if (runWidth === 9 && text.startsWith(runPrefix, start)) {
      const end = start + runWidth;
      let number = 0;
      let i = start + 5;
      for (; i < end; i++) {
        const c = text.charCodeAt(i) - 48;
        if (!(c >= 0 && c <= 9)) break;
        number = number * 10 + c;
      }
      if (i === end && !isDigit(text.charCodeAt(end))) {
        if (!bits || inSome(bits, number)) out.push(text.slice(start, end));
        continue;
      }
      // Not an id of that month's length: read as any other.
    }
    // A new-style id is 9 or 10 characters: read in place, one string made for an id only.
    const n = newIdLengthAt(text, start);
    if (!n) continue;
    if (known) {
      runPrefix = text.slice(start, start + 5);
      runWidth = n;
      bits = known.bitsOf(readYymm, n);
      // No digest covers the month: an empty bitset (charCodeAt past its end is no bit).
      one = !bits ? null : bits.length === 1 ? bits[0] : bits.length === 0 ? '' : null;
      if (bits && !inSome(bits, readNumber)) continue;
    }
    out.push(text.slice(start, start + n));
  }
  return out;
}

/** The `arXiv:` mentions the last idsInListingText read: about one a paper (the listing's papers read). */
let mentions = 0;
export const mentionsInLastText = (): number => mentions;

/** Whether bit `n` is set in one of `bits` (past a bitset's last set byte, its string ends: not set). */
function inSome(bits: readonly string[], n: number): boolean {
  const at = n >> 3;
  const bit = 1 << (n & 7);
  for (let i = 0; i < bits.length; i++) if ((bits[i].charCodeAt(at) & bit) !== 0) return true;
  return false;
}

const isDigit = (c: number) => c >= 48 && c <= 57;

/** The month and number of the id newIdLengthAt last read (no object made for them). */
let readYymm = 0;
let readNumber = 0;

/**
 * The length of the new-style id at `start` of `text` (`2410.00531`: 10, `0704.0001`: 9), or 0
 * when none is there: four digits of a valid month, a dot, then five digits (since 1501) or four
 * (0704 to 1412), not followed by another digit. Read character by character: no string is
 * made; its month and number are left in readYymm and readNumber.
 */
function newIdLengthAt(text: string, start: number): number {
  let yymm = 0;
  for (let i = 0; i < 4; i++) {
    const c = text.charCodeAt(start + i) - 48;
    if (!(c >= 0 && c <= 9)) return 0;
    yymm = yymm * 10 + c;
  }
  const month = yymm % 100;
  if (month < 1 || month > 12 || text.charCodeAt(start + 4) !== 46) return 0;
  let digits = 0;
  let number = 0;
  for (; digits < 6; digits++) {
    const c = text.charCodeAt(start + 5 + digits) - 48;
    if (!(c >= 0 && c <= 9)) break;
    number = number * 10 + c;
  }
  readYymm = yymm;
  readNumber = number;
  if (digits === 5) return yymm >= 1501 ? 10 : 0;
  if (digits === 4) return yymm >= 704 && yymm <= 1412 ? 9 : 0;
  return 0;
}

/**
 * The listed paper with this id in `list` (a `dl#articles`), or null when none is (yet): by
 * its id link's `id` (listings since 2024), else by its link.
 */
export function findListedPaper(doc: Document, list: Element, id: string): ListedPaper | null {
  const dt = doc.getElementById(id)?.closest('dt');
  if (dt && dt.parentElement === list) return listedPaperOf(dt);
  // Ids hold only letters, digits, `.`, `-` and `/`: safe in a quoted attribute value.
  for (const a of list.querySelectorAll(`dt a[href*="/abs/${id}"]`)) {
    const paper = listedPaperOf(a.closest('dt')!);
    if (paper?.id === id) return paper;
  }
  return null;
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

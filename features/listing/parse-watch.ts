/**
 * Finding a listing's papers while the page is parsed, and noticing the page's own changes
 * after. The listing arrives in chunks (2,000 papers take several), and badges go in after
 * each, so that none waits for DOMContentLoaded.
 */
import { idsInListingText, isListingList, mentionsInLastText, type KnownCoverage, LISTED_PAPER_SELECTOR, LISTING_LIST_ID, listedIdOf, listingListsAfter, listingListsOf, searchResultsOf } from '../../lib/arxiv/dom';
import { BADGE_TAG, OUR_TAGS } from './tags';

const isElement = (n: Node): n is Element => n.nodeType === 1;

/** A node's length as a range boundary counts it: children of an element, characters of text. */
const lengthOf = (n: Node): number => (isElement(n) ? n.childNodes.length : ((n as CharacterData).length ?? 0));

/**
 * A listed paper seen: its id, and its element (a search result's `li`, a listing's `dt`) or,
 * when it was read from a listing's text, the list (`dl#articles`) it is in.
 */
export interface Sighting {
  id: string;
  el: Element | null;
  list: Element | null;
}

/**
 * What the listing's coverage lets the scanner skip: `known`, which of the ids read from the
 * text are covered by no digest (never handed over: no string, no sighting made for them);
 * `hold`, true while the first coverage message is out — the text is then read after its
 * answer, in one go, so that the papers it rules out are never made into sightings.
 */
export interface ScanFilter {
  known: KnownCoverage;
  hold(): boolean;
}

/**
 * Finds each listed paper once, and hands it over as soon as its id is parsed. A listing's
 * papers are read as text (each section's `dl#articles`, the part the parser added since the
 * last pass): most papers of most listings are covered by no digest, and no element of those
 * is ever touched — from a content script, reaching 2,000 elements cost more than the rest of
 * the work on such a page (npm run bench: listing.uncovered). A covered paper's elements are
 * found when it is badged (findListedPaper). Search results (200 at most) are read element by
 * element.
 */
export class PaperScanner {
  /** Ids handed over from text, and elements handed over, so that none is handed twice. */
  private ids = new Set<string>();
  private seen = new WeakSet<Element>();
  /** The range the text is read through (one, reused). */
  private range: Range | null = null;
  /** True once the whole document was searched for sections (after the parse). */
  private swept = false;
  /** A listing's sections (`dl#articles`) found so far, in page order. */
  private readonly lists: Element[] = [];
  private readonly results: HTMLCollectionOf<Element> | null;
  private resultsUpTo = 0;
  /** Per listing section: the last child whose text has been read. */
  private readTo = new Map<Element, ChildNode>();
  /** Search results passed over incomplete in the middle (odd markup): looked at again by finishParse. */
  private passed: Element[] = [];
  /** True once a paper was found (the parse watcher then changes gear). */
  found = false;
  /** Papers read from a listing's text (its `arXiv:` mentions), and of those, handed over. */
  private textRead = 0;
  private textHanded = 0;
  /**
   * True once a listing was quiet in its first screen (see `quiet`): from then on its text is
   * read only by readAhead, as the reader comes near the part not read yet (watchReadAhead).
   */
  lazy = false;
  /** True once the parse is over (finishParse): a section's last child is then whole. */
  private parsed = false;

  constructor(
    private readonly doc: Document,
    /** A listing's sections are read as text; search results element by element. */
    private readonly kind: 'listing' | 'search',
    private readonly onPaper: (paper: Sighting) => void,
    private readonly filter?: ScanFilter,
  ) {
    // No collection over the whole document for a listing: its length is counted again over
    // every node after each change, every pass (npm run bench: listing.uncovered).
    this.results = kind === 'search' ? searchResultsOf(doc) : null;
  }

  /**
   * The listing's sections: the first by its id (one look-up), the later ones among its next
   * siblings (arXiv puts them side by side); after the parse, any other `dl#articles`.
   */
  private findLists(final: boolean): void {
    if (!this.lists.length) {
      const first = this.doc.getElementById(LISTING_LIST_ID);
      if (first && isListingList(first)) this.lists.push(first);
    }
    const last = this.lists[this.lists.length - 1];
    for (let el = last?.nextElementSibling; el; el = el.nextElementSibling) if (isListingList(el)) this.lists.push(el);
    // Once: after that, a section the page adds is found by scanAll.
    if (final && !this.swept) {
      const found = this.lists.length ? listingListsAfter(this.lists[0]) : listingListsOf(this.doc);
      for (const list of found) if (!this.lists.includes(list)) this.lists.push(list);
      this.swept = true;
    }
  }

  private handText(id: string, list: Element): void {
    if (this.ids.has(id)) return;
    this.ids.add(id);
    this.textHanded++;
    this.found = true;
    this.onPaper({ id, el: null, list });
  }

  /** Takes an element's paper; false when its id link is not parsed yet. */
  private take(el: Element, id = listedIdOf(el)): boolean {
    if (!id) return false;
    this.seen.add(el);
    this.found = true;
    this.onPaper({ id, el, list: null });
    return true;
  }

  /**
   * While the parser works the page only grows at its end: each pass reads what was added
   * since the last one. A section's last child may still be arriving: it is read next time
   * (`final`: the parse is over, read everything).
   */
  scanNew(final = false): void {
    // While the first message is out, what the parser adds waits to be read with its answer.
    if (this.filter?.hold()) return;
    if (this.kind === 'listing') this.findLists(final);
    // Before the first message, only the first paper (its month is the question): the text is
    // read once, with the answer. Read now, the first chunk's papers (often hundreds) would all
    // be made into sightings, each answered after (npm run bench: listing.uncovered). Unless
    // its month is known already (the hot copy's months): then the text is read at once.
    if (this.filter && this.kind === 'listing' && !this.found && !final && this.takeFirstPaper(this.filter.known)) return;
    if (!this.lazy) {
      // A page parsed before the first pass (Firefox may parse a listing in one go): its first
      // screen first, so that it can turn lazy too.
      if (final && this.kind === 'listing' && this.filter && !this.textRead && this.lists.length) this.readFirstScreen(this.lists[0]);
      if (!this.lazy) for (const list of this.lists) this.readList(list, final);
      // A first screen with nothing to show: the rest waits for the reader to come near it.
      if (!final && this.kind === 'listing' && this.filter && this.quiet) this.lazy = true;
    }
    const results = this.results;
    if (!results) return;
    const n = results.length;
    let i = this.resultsUpTo;
    for (; i < n; i++) {
      const el = results.item(i)!;
      if (this.seen.has(el) || this.take(el)) continue;
      if (i === n - 1 && !final) break;
      this.passed.push(el);
    }
    this.resultsUpTo = i;
  }

  /**
   * Reads what the parser added to a section since it was last read (`final`: to its end;
   * otherwise its last child, perhaps still arriving, waits). False when there was nothing new.
   */
  private readList(list: Element, final: boolean, upTo?: ChildNode): boolean {
    const last = list.lastChild;
    const to = upTo ?? (final ? last : last?.previousSibling);
    const from = this.readTo.get(list);
    if (!to || to === from) return false;
    const text = from?.parentNode === list ? this.textBetween(from, to) : this.textBetween(null, to, list);
    for (const id of idsInListingText(text, this.filter?.known)) this.handText(id, list);
    this.textRead += mentionsInLastText();
    this.readTo.set(list, to);
    return true;
  }

  /**
   * The text from after `from` (from the start of `list` when null) to the end of `to`. A
   * section read from its start to its end is read by its `textContent` (a third cheaper than
   * a range over the same nodes); a part of one, through a range.
   */
  private textBetween(from: ChildNode | null, to: ChildNode, list?: Element): string {
    if (!from && list && to === list.lastChild) return list.textContent ?? '';
    // Boundaries at the end of a child, not at an offset in the list: an offset costs a walk
    // over the list's children, each pass (2,000 entries: 4,000 children and more). One range
    // for every pass: each range alive is kept up to date by the page at every node the
    // parser adds, until it is collected.
    const range = (this.range ??= this.doc.createRange());
    if (from) range.setStart(from, lengthOf(from));
    else range.setStart(list!, 0); // the first pass, or the page took children away
    range.setEnd(to, lengthOf(to));
    return range.toString();
  }

  /**
   * The first FIRST_SCREEN_PAPERS entries of a section parsed whole, read alone: with nothing
   * to show in them, the listing turns lazy (the rest is read as the reader comes near it).
   */
  private readFirstScreen(list: Element): void {
    // The entry's `dd` that ends the first screen: one element reached, by its index.
    const end = list.children[2 * FIRST_SCREEN_PAPERS - 1];
    if (!end || end === list.lastElementChild) return;
    this.readList(list, false, end);
    if (this.quiet) this.lazy = true;
  }

  /**
   * A lazy listing's first entry (element) not read yet, in page order; null when everything
   * parsed so far is read. Sections the parser added since are found first.
   */
  nextUnread(): Element | null {
    if (this.kind !== 'listing') return null;
    this.findLists(this.parsed);
    for (const list of this.lists) {
      const from = this.readTo.get(list);
      const next = from?.parentNode === list ? (from as Element | CharacterData).nextElementSibling : list.firstElementChild;
      if (next) return next;
    }
    return null;
  }

  /** True once the parse is over (finishParse). */
  get parseOver(): boolean {
    return this.parsed;
  }

  /**
   * The rest of the first section not read whole (as far as the parser has got): what a lazy
   * listing reads when the reader comes near it. True when it read something.
   */
  readAhead(): boolean {
    if (this.kind !== 'listing') return false;
    this.findLists(this.parsed);
    for (const list of this.lists) if (this.readList(list, this.parsed || list !== this.lists[this.lists.length - 1])) return true;
    return false;
  }

  /**
   * The first listed paper whose id link is parsed, by its element (its `dt`), when its
   * month's coverage is not known; true when that is what the pass did (or nothing is parsed
   * yet), false when its month is known and the text is to be read now.
   */
  private takeFirstPaper(known: KnownCoverage): boolean {
    for (const list of this.lists)
      for (let el = list.firstElementChild; el; el = el.nextElementSibling) {
        if (el.tagName !== 'DT') continue;
        const id = listedIdOf(el);
        if (!id) return true; // not parsed yet: the next pass
        if (id.charCodeAt(4) === 46 && known.bitsOf(Number(id.slice(0, 4)), id.length)) {
          this.found = true;
          return false;
        }
        this.ids.add(id);
        this.take(el, id);
        return true;
      }
    return true;
  }

  /**
   * True when a listing has shown nothing in its first screen: at least FIRST_SCREEN_PAPERS of
   * its papers read from its text, every one ruled out in place by what is known of coverage
   * (its month's bitsets). Its rest is then read as the reader comes near it (`lazy`).
   */
  get quiet(): boolean {
    return this.textHanded === 0 && this.textRead >= FIRST_SCREEN_PAPERS;
  }

  /** The parse is over: the rest of each section, and the results passed over, once more. */
  finishParse(): void {
    this.parsed = true;
    this.scanNew(true);
    const passed = this.passed;
    this.passed = [];
    for (const el of passed) if (!this.seen.has(el) && el.matches(LISTED_PAPER_SELECTOR)) this.take(el);
  }

  /**
   * Every listed paper's element not handed over yet, wherever it is (after the parse the page
   * may change anywhere: a section added, an entry re-rendered).
   */
  scanAll(): void {
    for (const el of this.doc.querySelectorAll(LISTED_PAPER_SELECTOR)) if (!this.seen.has(el)) this.take(el);
  }

  /** The lists papers were found in: a listing's sections, or the search results' list. */
  containers(): Element[] {
    if (this.kind === 'listing') return [...this.lists];
    const list = this.results?.item(0)?.parentElement;
    return list ? [list] : [];
  }

  /** Forgets one paper, so that the next scanAll looks at it again. */
  unsee(paper: Sighting): void {
    this.ids.delete(paper.id);
    if (paper.el) this.seen.delete(paper.el);
  }

  /** Forgets what was found: the next scanAll hands every paper over again (the cache changed). */
  forget(): void {
    this.ids.clear();
    this.seen = new WeakSet();
  }
}

/**
 * More papers than any screen shows at once (a listing's entry is 4–6 lines, a screen ~20–40
 * entries): when this many were read and none of them has anything to show, the rest of the
 * listing is read as the reader comes near it (watchReadAhead), not while the page loads.
 */
export const FIRST_SCREEN_PAPERS = 100;

/**
 * How far below the screen a lazy listing's unread part is read: a screen, so that a badge is
 * in before its entry is scrolled into view.
 */
export const READ_AHEAD_MARGIN = '100%';

/**
 * The watched entry counts as near anywhere above the screen too: a jump past it (which
 * crosses no edge of the screen) is then an intersection that begins. The observer's root
 * stretched this far up: more than any page is long.
 */
const ABOVE_ALL = '100000000px';

/** While the page is still parsed, how often a lazy listing looks again for its unread part. */
export const READ_AHEAD_POLL_MS = 250;

/**
 * Until the first paper is parsed, how often the page is looked at: a look is one
 * getElementById, and the first message then leaves at most this long after its first paper.
 */
export const FIRST_PAPER_POLL_MS = 4;

/**
 * While the document is parsed: scans what the parser added, then calls `onChunk`. Until the
 * first paper appears, every FIRST_PAPER_POLL_MS, so that the first message leaves with the
 * first papers; from then on before each frame, so that a badge is in before the frame that
 * paints its entry — until the listing is lazy (nothing to show in its first screen): then
 * no more (watchReadAhead reads the rest). Never a mutation observer of the document: it is
 * handed a record for each node the parser adds (~12 a paper), each made into an object in the content script's world —
 * 2 ms of CPU on a 2,000-entry listing before its first paper's id was even read, and on the
 * lists ~4 a paper after (npm run bench: listing.uncovered). Returns the function that stops
 * watching.
 */
export function watchParse(doc: Document, scanner: PaperScanner, onChunk: () => void): () => void {
  const view = doc.defaultView ?? window;
  let frame = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const pass = () => {
    scanner.scanNew();
    onChunk();
  };
  const next = () => {
    if (!scanner.lazy) frame = view.requestAnimationFrame(everyFrame);
  };
  const everyFrame = () => {
    if (stopped) return;
    pass();
    next();
  };
  const poll = () => {
    if (stopped) return;
    pass();
    if (scanner.found) next();
    else timer = setTimeout(poll, FIRST_PAPER_POLL_MS);
  };
  poll();
  return () => {
    stopped = true;
    clearTimeout(timer);
    view.cancelAnimationFrame(frame);
  };
}

/**
 * How watchReadAhead is told whether the element it watches is near the screen: once when it
 * is watched, then at each change (an IntersectionObserver; a test's stand-in).
 */
export type NearObserver = (onChange: (near: boolean) => void, margin: string) => { watch(el: Element): void; stop(): void };

const intersections: NearObserver = (onChange, margin) => {
  const observer = new IntersectionObserver((records) => onChange(records[records.length - 1].isIntersecting), { rootMargin: `${ABOVE_ALL} 0px ${margin} 0px` });
  return {
    // One element at a time: its first record says whether it is near now.
    watch(el) {
      observer.disconnect();
      observer.observe(el);
    },
    stop: () => observer.disconnect(),
  };
};

/**
 * A lazy listing (PaperScanner.lazy: nothing to show in its first screen): its first entry not
 * read yet is watched, and when it comes within READ_AHEAD_MARGIN below the screen, or
 * anywhere above it (the reader jumped past it: End, an anchor, the scroll bar), the rest of
 * its section is read and `onRead` called; then the next section's. No code of ours runs
 * while the reader scrolls but then. While the page is still parsed, it looks again every
 * READ_AHEAD_POLL_MS, until told `parseOver()`. A reader who stays on the first screen costs
 * the first screen; one who scrolls to the end, one read a section, each before its entries
 * are in view. Stops by itself once the parsed page is read whole.
 */
export function watchReadAhead(scanner: PaperScanner, onRead: () => void, nearObserver: NearObserver = intersections): { stop(): void; parseOver(): void } {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let watched: Element | null = null;
  /** Whether the entry watched is near, as its last record said. */
  let near = false;
  /** Watches the first unread entry, if it is not the one watched. */
  const aim = () => {
    const next = scanner.nextUnread();
    if (next && next !== watched) {
      near = false;
      observer.watch(next);
    }
    watched = next;
    if (!next && scanner.parseOver) stop();
  };
  const read = (): boolean => {
    if (stopped || !scanner.readAhead()) return false;
    onRead();
    if (!stopped) aim();
    return true;
  };
  const observer = nearObserver((isNear) => {
    near = isNear;
    if (isNear) read();
  }, READ_AHEAD_MARGIN);
  // What the parser added since: read if the entry watched is near (it was all that was left
  // to read when it came near, perhaps still arriving), or watched if nothing was left at all.
  const poll = () => {
    if (stopped) return;
    if (!(near && read())) aim();
    if (!scanner.parseOver) timer = setTimeout(poll, READ_AHEAD_POLL_MS);
  };
  function stop() {
    stopped = true;
    clearTimeout(timer);
    observer.stop();
  }
  aim();
  if (!stopped) timer = setTimeout(poll, READ_AHEAD_POLL_MS);
  return {
    stop,
    // The parse is over (finishParse): no more polls; the sections found last are watched.
    parseOver() {
      clearTimeout(timer);
      if (!stopped && !(near && read())) aim();
    },
  };
}

/** Elements whose coming may bring papers (or entries of theirs) with them. */
const LISTING_PARTS = new Set(['dl', 'dt', 'dd', 'ol', 'ul', 'li']);

/**
 * Whether an added element may bring listed papers: a list or an entry, or a container that
 * holds one. What MathJax puts into the titles after load (`mjx-container`, spans) does not.
 */
function bringsPapers(n: Node): boolean {
  if (!isElement(n) || OUR_TAGS.has(n.localName)) return false;
  if (LISTING_PARTS.has(n.localName)) return true;
  return (n.localName === 'div' || n.localName === 'section' || n.localName === 'main') && !!n.querySelector(LISTED_PAPER_SELECTOR);
}

/**
 * Whether mutation records are the page's doing and may matter: entries of the page's added
 * (papers that appear later, "show more", a re-rendered list), or a badge of ours removed (the
 * page re-rendered an entry; the badge comes back). Our own insertions are not, and neither is
 * an unfold we removed ourselves (folding): counting that re-rendered the badge, whose unfold
 * changed again — a loop that froze the tab. Nor is what MathJax typesets after load: each
 * such change would look at every paper of the page again.
 */
export function isPageChange(records: readonly MutationRecord[]): boolean {
  const removedBadge = (n: Node) => isElement(n) && n.localName === BADGE_TAG;
  return records.some((r) => [...r.addedNodes].some(bringsPapers) || [...r.removedNodes].some(removedBadge));
}

/** Where papers of the page may change after the parse (features/listing/index.ts gathers them). */
export interface WatchedParts {
  /** The lists papers are in: a listing's sections (`dl#articles`), a search page's results list. */
  lists: Iterable<Element>;
  /** The badged papers' entries (a listing's `dt`, a search result): the page re-rendering one is a change. */
  entries: Iterable<Element>;
}

/**
 * After the parse: calls `onChange` (once a microtask at most) when the page changes where its
 * papers are: entries added to or taken from a list, a section added beside the lists (or to
 * the body), a badged entry re-rendered. Nothing below a list's entries is watched but for
 * badged ones: what MathJax typesets into every title after load (600 titles: 2.6–3.9 ms of
 * records handed to an observer of the whole body, on a page with nothing to show) is never
 * handed to us. `sync()` watches the parts as they are now (after badges were added, or a
 * section came). Returns it and the function that stops watching.
 */
export function watchPageChanges(doc: Document, parts: () => WatchedParts, onChange: () => void): { sync(): void; stop(): void } {
  let pending = false;
  const observer = new MutationObserver((records) => {
    if (pending || !isPageChange(records)) return;
    pending = true;
    queueMicrotask(() => {
      pending = false;
      onChange();
    });
  });
  const only = { childList: true };
  const sync = () => {
    const { lists, entries } = parts();
    observer.observe(doc.body, only);
    for (const list of lists) {
      observer.observe(list, only);
      if (list.parentNode) observer.observe(list.parentNode, only);
    }
    for (const entry of entries) observer.observe(entry, { childList: true, subtree: true });
  };
  sync();
  return { sync, stop: () => observer.disconnect() };
}

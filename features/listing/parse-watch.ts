/**
 * Finding a listing's papers while the page is parsed, and noticing the page's own changes
 * after. The listing arrives in chunks (2,000 papers take several), and badges go in after
 * each, so that none waits for DOMContentLoaded.
 */
import { LISTED_PAPER_SELECTOR, listedPaperCandidates, listedPaperOf, PAPER_LIST_SELECTOR, paperListOf, type ListedPaper } from '../../lib/arxiv/dom';
import { BADGE_TAG, OUR_TAGS } from './tags';

const isElement = (n: Node): n is Element => n.nodeType === 1;

/** Finds each listed paper once, and hands it to `onPaper` as soon as its parts are parsed. */
export class PaperScanner {
  private seen = new WeakSet<Element>();
  private readonly candidates: HTMLCollectionOf<Element>[];
  private readonly scannedUpTo: number[];
  /** The first paper found (the lists to watch are found from it). */
  first: ListedPaper | null = null;

  constructor(
    private readonly doc: Document,
    private readonly onPaper: (paper: ListedPaper) => void,
  ) {
    this.candidates = listedPaperCandidates(doc);
    this.scannedUpTo = this.candidates.map(() => 0);
  }

  /** Takes an element's paper; false when its parts are not parsed yet. */
  private take(el: Element): boolean {
    const paper = listedPaperOf(el);
    if (!paper) return false;
    this.first ??= paper;
    this.seen.add(el);
    this.onPaper(paper);
    return true;
  }

  /**
   * While the parser works the page only grows at its end: each pass reads on from where the
   * last one stopped (live collections, in document order), not the whole page again.
   */
  scanNew(): void {
    this.candidates.forEach((list, k) => {
      let i = this.scannedUpTo[k];
      for (; i < list.length; i++) {
        const el = list[i];
        if (this.seen.has(el) || !el.matches(LISTED_PAPER_SELECTOR)) continue;
        // The last one may still be arriving: look again next time. One in the middle that is
        // incomplete is odd markup; scanAll after the parse looks at it again.
        if (!this.take(el) && i === list.length - 1) break;
      }
      this.scannedUpTo[k] = i;
    });
  }

  /** Every listed paper not found yet, wherever it is (after the parse the page may change anywhere). */
  scanAll(): void {
    for (const el of this.doc.querySelectorAll(LISTED_PAPER_SELECTOR)) if (!this.seen.has(el)) this.take(el);
  }

  /** Forgets what was found: the next scanAll hands every paper over again (the cache changed). */
  forget(): void {
    this.seen = new WeakSet();
  }
}

/**
 * While the document is parsed: scans after each chunk the parser adds, then calls `onChunk`.
 * Until the first list appears the whole document is watched (its head and header are small);
 * from then on only the lists and the element that holds them (a new section's `dl#articles`
 * joins it). Watching the whole document delivers a record for every node parsed, ~25 a paper:
 * on 2,000 papers, ~17 ms at DOMContentLoaded alone (a Chromium trace of npm run bench's listing).
 * Returns the function that stops watching.
 */
export function watchParse(doc: Document, scanner: PaperScanner, onChunk: () => void): () => void {
  let holder: Element | null = null;
  const observer = new MutationObserver((records) => {
    if (holder) {
      for (const r of records) {
        if (r.target !== holder) continue;
        for (const n of r.addedNodes) if (isElement(n) && n.matches(PAPER_LIST_SELECTOR)) observer.observe(n, { childList: true });
      }
    }
    scanner.scanNew();
    onChunk();
    const list = !holder && scanner.first ? paperListOf(scanner.first) : null;
    if (list?.parentElement) {
      holder = list.parentElement;
      observer.disconnect();
      observer.observe(holder, { childList: true });
      for (const el of holder.children) if (el.matches(PAPER_LIST_SELECTOR)) observer.observe(el, { childList: true });
    }
  });
  observer.observe(doc, { childList: true, subtree: true });
  return () => observer.disconnect();
}

/**
 * Whether mutation records are the page's doing: something of the page's added (papers that
 * appear later, "show more"), or a badge of ours removed (the page re-rendered an entry; the
 * badge comes back). Our own insertions are not, and neither is an unfold we removed
 * ourselves (folding): counting that re-rendered the badge, whose unfold changed again — a loop
 * that froze the tab.
 */
export function isPageChange(records: readonly MutationRecord[]): boolean {
  const ours = (n: Node) => isElement(n) && OUR_TAGS.has(n.localName);
  const removedBadge = (n: Node) => isElement(n) && n.localName === BADGE_TAG;
  return records.some((r) => [...r.addedNodes].some((n) => !ours(n)) || [...r.removedNodes].some(removedBadge));
}

/**
 * After the parse: calls `onChange` (once a microtask at most) when the page changes under
 * `root`. Returns the function that stops watching.
 */
export function watchPageChanges(root: Node, onChange: () => void): () => void {
  let pending = false;
  const observer = new MutationObserver((records) => {
    if (pending || !isPageChange(records)) return;
    pending = true;
    queueMicrotask(() => {
      pending = false;
      onChange();
    });
  });
  observer.observe(root, { childList: true, subtree: true });
  return () => observer.disconnect();
}

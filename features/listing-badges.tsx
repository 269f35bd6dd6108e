/**
 * Badges on listing (`/list/…`, `/catchup/…`) and search result pages. As soon as the parser
 * has given the first paper, one message asks for the coverage of its month; badges then go in
 * while the rest of the page arrives, each before the frame that would paint its entry. Papers
 * of other months (search results span many; "show more" adds some) cost one more message for
 * all of them, never one per paper. A badge stays plain DOM until it is chosen; then Preact
 * takes over to unfold the entry.
 */
import { Badge, BADGE_LABEL } from '../components/Badge';
import { BADGE_CSS, UNFOLD_CSS } from '../components/badge-styles';
import { converterFor, convertHit, resolveScript, zhLang } from '../components/zh-script';
import { LISTED_PAPER_SELECTOR, listedPaperOf, listedTitleOf, listedUnfoldAnchorOf, type ListedPaper } from '../lib/arxiv/dom';
import { monthOf } from '../lib/arxiv/ids';
import { SortedIds } from '../lib/sorted-lines';
import type { BriefHit } from '../lib/messaging';
import { cacheStamp, readSettings, watchSettings, type Settings } from '../storage/settings';
import { createHost, hostFactory, pageTone, type Host } from './host';
import { ask, extensionAlive } from './messages';

export const BADGE_TAG = 'arxiv-digest-badge';
const UNFOLD_TAG = 'arxiv-digest-unfold';
const TITLE_CLASS = 'arxiv-digest-title-zh';
// Not `arxiv-digest-title`: that is the abstract page's title under the page's own.
const TITLE_TAG = 'arxiv-digest-listed-title';
const MAX_MONTHS = 6;

interface Placed {
  paper: ListedPaper;
  hit: BriefHit;
  host: Host;
  /** Preact has taken over (the badge was chosen at least once). */
  live: boolean;
  title: HTMLElement | null;
}

/** What the page knows of coverage: whole months, and single ids asked about. */
class Coverage {
  /** Month → its digests' id lists, newest digest first. */
  private months = new Map<string, Array<{ source: string; ids: SortedIds }>>();
  private ids = new Map<string, BriefHit | null>();

  addMonths(rows: Array<{ month: string; source: string; ids: string }>, asked: string[]): void {
    for (const m of asked) this.months.set(m, []);
    for (const row of rows) this.months.get(row.month)?.push({ source: row.source, ids: new SortedIds(row.ids) });
  }
  addIds(asked: string[], hits: Record<string, BriefHit>): void {
    for (const id of asked) if (!this.ids.get(id)) this.ids.set(id, hits[id] ?? null);
  }
  /** The hit, null when not covered, undefined when not known yet. */
  get(id: string): BriefHit | null | undefined {
    const known = this.ids.get(id);
    if (known !== undefined) return known;
    const rows = this.months.get(monthOf(id));
    if (!rows) return undefined;
    // The first (newest) digest that lists it answers for it.
    const row = rows.find((r) => r.ids.has(id));
    return row ? { arxivId: id, source: row.source } : null;
  }
}

export async function listingBadges(signal: AbortSignal): Promise<void> {
  let settings: Settings = await readSettings();
  let coverage = new Coverage();
  let monthsRequest: Promise<void> | null = null;
  const placed = new Map<Element, Placed>();
  const seen = new WeakSet<Element>();
  const waiting: ListedPaper[] = []; // parsed, coverage not known yet
  const titles = new Map<string, string>();

  const renderLive = (p: Placed, initiallyOpen = false) => {
    p.live = true;
    const script = resolveScript(settings.zhScript);
    // 繁體: the entry converted before it unfolds (the tables load on the first one).
    const load = async () => {
      const hit = await ask('lookup', { id: p.hit.arxivId }).catch(() => null);
      return hit && convertHit(hit, await converterFor(script).catch(() => null));
    };
    // The summary unfolds below the entry's own title and abstract; the badge stays by the id.
    const place = () => {
      const unfold = createHost(UNFOLD_TAG, p.hit.arxivId, UNFOLD_CSS);
      unfold.el.setAttribute('data-theme', pageTone(document));
      (listedUnfoldAnchorOf(p.paper) ?? p.paper.anchor).after(unfold.el);
      return unfold;
    };
    p.host.render(<Badge brief={p.hit} load={load} place={place} lang={zhLang(script)} showKeyNumbers={settings.showKeyNumbers} initiallyOpen={initiallyOpen} />);
  };

  /**
   * The collapsed badge is plain DOM, cloned (see hostFactory) from one made per digest (its
   * name is in the tooltip): 2,000 of them must cost little. One listener for all of them hands
   * a chosen badge over to Preact.
   */
  const factories = new Map<string, (id: string) => Host>();
  let tone: 'light' | 'dark' | null = null;
  const newHost = (hit: BriefHit): Host => {
    let factory = factories.get(hit.source);
    if (!factory) {
      factory = hostFactory(BADGE_TAG, BADGE_CSS, (mount) => {
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'badge';
        button.setAttribute('aria-expanded', 'false');
        button.title = `${BADGE_LABEL} · ${hit.source}`;
        button.textContent = BADGE_LABEL;
        mount.append(button);
      });
      factories.set(hit.source, factory);
    }
    const host = factory(hit.arxivId);
    // Light or dark as the page really is (a light listing under a dark OS stays light).
    tone ??= pageTone(document);
    host.el.setAttribute('data-theme', tone);
    return host;
  };
  const byHost = new Map<Element, Placed>();
  const onChosen = (event: Event) => {
    // A click (or Enter, Space) inside a badge's shadow root reaches the document as its host.
    const p = byHost.get(event.target as Element);
    if (!p || p.live) return;
    p.host.mount.replaceChildren();
    renderLive(p, true);
  };
  document.addEventListener('click', onChosen, true);

  const showTitle = (p: Placed) => {
    const titleZh = titles.get(p.hit.arxivId);
    const titleEl = settings.overlayEnabled && settings.listingTitles && titleZh ? listedTitleOf(p.paper) : null;
    if (titleEl && !p.title) {
      // Text only, and inside a shadow root of ours: a digest's title never becomes markup, and
      // arXiv's page (and its scripts) never holds a stranger's text in its own DOM.
      p.title = document.createElement(TITLE_TAG);
      p.title.style.display = 'block';
      const text = document.createElement('div');
      text.className = TITLE_CLASS;
      text.lang = 'zh-CN';
      text.textContent = titleZh!;
      text.style.cssText = 'font-size:14px;color:#555;margin:2px 0 4px;font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif;';
      p.title.attachShadow({ mode: 'open' }).append(text);
    }
    if (titleEl && !p.title!.isConnected) titleEl.after(p.title!);
    if (!titleEl && p.title) {
      p.title.remove();
      p.title = null;
    }
  };

  const place = (p: Placed) => {
    if (!settings.overlayEnabled) {
      p.host.el.remove();
      showTitle(p);
      return;
    }
    if (!p.host.el.isConnected) {
      // A badge left by an earlier run of the script (before an update) gives way.
      const next = p.paper.anchor.nextElementSibling;
      if (next?.tagName.toLowerCase() === BADGE_TAG) next.remove();
      p.paper.anchor.after(p.host.el);
    }
    if (p.live) renderLive(p);
    showTitle(p);
  };

  /** Chinese titles for the covered papers, only while that setting is on (full entries). */
  const loadTitles = async () => {
    const missing = [...placed.values()].map((p) => p.hit.arxivId).filter((id) => !titles.has(id));
    if (!settings.listingTitles || !missing.length) return;
    const hits = await ask('lookupMany', { ids: missing }).catch(() => ({}));
    for (const [id, h] of Object.entries(hits)) titles.set(id, h.entry.titleZh);
    placed.forEach(showTitle);
  };

  /** Badges the waiting papers whose coverage is known; returns those still unknown. */
  const settle = (): ListedPaper[] => {
    const unknown: ListedPaper[] = [];
    for (const paper of waiting.splice(0)) {
      const hit = coverage.get(paper.id);
      if (hit === undefined) {
        unknown.push(paper);
        continue;
      }
      if (!hit || placed.has(paper.anchor) || !paper.anchor.isConnected) continue;
      const p: Placed = { paper, hit, host: newHost(hit), live: false, title: null };
      placed.set(paper.anchor, p);
      byHost.set(p.host.el, p);
      place(p);
    }
    waiting.push(...unknown);
    return unknown;
  };

  let firstPaper: ListedPaper | null = null;
  /** Queues a listed element's paper; false when its parts are not parsed yet. */
  const queue = (el: Element): boolean => {
    const paper = listedPaperOf(el);
    if (!paper) return false;
    firstPaper ??= paper;
    seen.add(el);
    waiting.push(paper);
    return true;
  };

  /** The first papers' months (or ids) asked for at once, in one message. */
  const askFirst = () => {
    if (monthsRequest || !waiting.length) return;
    // The first request covers the months of what is parsed so far. A listing's papers share
    // a month or two; search results that span many months are asked about by id instead.
    const months = [...new Set(waiting.map((p) => monthOf(p.id)))];
    const ids = [...new Set(waiting.map((p) => p.id))];
    const stamp = coverage;
    monthsRequest = (
      months.length <= MAX_MONTHS
        ? ask('coverageOfMonths', { months }).then((rows) => stamp === coverage && coverage.addMonths(rows, months))
        : ask('coverage', { ids }).then((hits) => stamp === coverage && coverage.addIds(ids, hits))
    ).then(
      () => {},
      () => {},
    );
  };

  /** Every listed paper not queued yet, wherever it is (after load, the page may change anywhere). */
  const collect = () => {
    for (const el of document.querySelectorAll(LISTED_PAPER_SELECTOR)) if (!seen.has(el)) queue(el);
    askFirst();
  };

  /**
   * While the parser works, the page only grows at its end: each pass looks at the elements
   * added since the last (live collections, in document order), not at the whole page again.
   */
  const parsing = [document.getElementsByTagName('dt'), document.getElementsByClassName('arxiv-result')];
  const parsedUpTo = parsing.map(() => 0);
  const collectNew = () => {
    parsing.forEach((list, k) => {
      let i = parsedUpTo[k];
      for (; i < list.length; i++) {
        const el = list[i];
        // The last one may still be arriving: look again next time. One in the middle that
        // is incomplete is odd markup; the pass after the parse looks at it again.
        if (el.matches(LISTED_PAPER_SELECTOR) && !queue(el) && i === list.length - 1) break;
      }
      parsedUpTo[k] = i;
    });
    askFirst();
  };

  /** After the page is parsed (and after later changes): the rest, in one message. */
  const finish = async () => {
    collect();
    await monthsRequest;
    const unknown = settle();
    if (unknown.length) {
      const ids = [...new Set(unknown.map((p) => p.id))];
      const stamp = coverage;
      const hits = await ask('coverage', { ids }).catch(() => ({}) as Record<string, BriefHit>);
      if (stamp !== coverage || signal.aborted) return;
      coverage.addIds(ids, hits);
      settle();
    }
    await loadTitles();
  };

  /**
   * While the parser works: papers are queued and badged after each chunk it adds. Until the
   * first list appears the whole document is watched (its head and header are small); from
   * then on only the lists and the element that holds them. Watching the whole document
   * delivers a record for every node parsed, ~25 a paper: on 2,000 papers, ~17 ms of them
   * at DOMContentLoaded alone (a Chromium trace of npm run bench's listing).
   */
  let lists: Element | null = null;
  const duringParse = new MutationObserver((records) => {
    if (lists) {
      // A new section's list (`dl#articles`) in the element that holds them: watch it too.
      for (const r of records) {
        if (r.target !== lists) continue;
        for (const n of r.addedNodes) if (n instanceof Element && n.matches('dl, ol, ul')) duringParse.observe(n, { childList: true });
      }
    }
    collectNew();
    settle();
    const list = firstPaper?.anchor.closest('dl, ol, ul');
    if (!lists && list?.parentElement) {
      lists = list.parentElement;
      duringParse.disconnect();
      duringParse.observe(lists, { childList: true });
      for (const el of lists.children) if (el.matches('dl, ol, ul')) duringParse.observe(el, { childList: true });
    }
  });
  if (document.readyState === 'loading') {
    duringParse.observe(document, { childList: true, subtree: true });
    await new Promise<void>((r) => document.addEventListener('DOMContentLoaded', () => r(), { once: true }));
    duringParse.disconnect();
  }
  if (signal.aborted) return;
  await finish();

  // After load: papers that appear later, and badges the page removes.
  let pending = false;
  const ours = (n: Node) => n instanceof Element && [BADGE_TAG, UNFOLD_TAG, TITLE_TAG].includes(n.tagName.toLowerCase());
  const observer = new MutationObserver((records) => {
    // A removed badge is the page's doing and comes back; an unfold we removed (folding) is not:
    // counting it re-rendered the badge, whose unfold changed again — a loop that froze the tab.
    const removedBadge = (n: Node) => n instanceof Element && n.tagName.toLowerCase() === BADGE_TAG;
    const relevant = records.some((r) => [...r.addedNodes].some((n) => !ours(n)) || [...r.removedNodes].some(removedBadge));
    if (!relevant || pending || !extensionAlive()) return;
    pending = true;
    queueMicrotask(async () => {
      pending = false;
      for (const p of placed.values()) {
        if (p.paper.anchor.isConnected) continue;
        placed.delete(p.paper.anchor);
        byHost.delete(p.host.el);
      }
      if (settings.overlayEnabled) for (const p of placed.values()) if (!p.host.el.isConnected) place(p);
      await finish();
    });
  });
  observer.observe(document.body, { childList: true, subtree: true });

  const stopSettings = watchSettings(async (s) => {
    settings = s;
    placed.forEach(place);
    await loadTitles();
  });
  const stopStamp = cacheStamp.watch(async () => {
    // The cache changed: forget what was known and ask again.
    coverage = new Coverage();
    monthsRequest = null;
    titles.clear();
    placed.forEach((p) => {
      p.host.remove();
      p.title?.remove();
    });
    placed.clear();
    byHost.clear();
    for (const el of document.querySelectorAll(LISTED_PAPER_SELECTOR)) seen.delete(el);
    waiting.length = 0;
    await finish();
  });
  signal.addEventListener('abort', () => {
    document.removeEventListener('click', onChosen, true);
    duringParse.disconnect();
    observer.disconnect();
    stopSettings();
    stopStamp();
    placed.forEach((p) => {
      p.host.remove();
      p.title?.remove();
    });
  });
}

/**
 * Placing badges: one by each covered paper's id link, the Chinese title under its English
 * one (a setting), and a chosen badge handed to its unfolding. The folded badge is plain DOM,
 * cloned from one made per digest (its name is in the tooltip): 2,000 of them must cost little.
 * One listener for all of them hears a badge chosen (click, Enter, Space).
 */
import { badgeButton } from '../../components/badge-button';
import { BADGE_CSS } from '../../components/badge-styles';
import { listedBadgeOf, listedTitleOf, placeListedBadge, type ListedPaper } from '../../lib/arxiv/dom';
import type { BriefHit } from '../../lib/messaging';
import type { Settings } from '../../storage/settings';
import { hostFactory, pageTone, type Host } from '../host';
import { BADGE_TAG, TITLE_CLASS, TITLE_TAG } from './tags';

export interface Placed {
  paper: ListedPaper;
  hit: BriefHit;
  host: Host;
  title: HTMLElement | null;
  /** Set once the badge is first chosen. */
  unfold: Unfolding | null;
}

/** What a chosen badge does (components/Badge.tsx unfoldBadge). */
export interface Unfolding {
  toggle(): Promise<void> | void;
  update(): void;
  fold(): void;
}

export class BadgePlacer {
  private readonly placed = new Map<Element, Placed>();
  private readonly byHost = new Map<Element, Placed>();
  private readonly factories = new Map<string, (id: string) => Host>();
  /** Chinese titles as the digest gives them (简体); shown through `script`. */
  private readonly titles = new Map<string, string>();
  /** The reader's script for the titles: its converter (null: 简体) and language tag. */
  private script: { convert: ((text: string) => string) | null; lang: string } = { convert: null, lang: 'zh-CN' };
  private tone: 'light' | 'dark' | null = null;

  constructor(
    private readonly doc: Document,
    private readonly settings: () => Settings,
    /** Makes a chosen badge's unfolding (the first time it is chosen). */
    private readonly unfolder: (p: Placed) => Unfolding,
  ) {
    doc.addEventListener('click', this.onChosen, true);
  }

  /** A click (or Enter, Space) inside a badge's shadow root reaches the document as its host. */
  private readonly onChosen = (event: Event) => {
    const p = this.byHost.get(event.target as Element);
    if (p) void (p.unfold ??= this.unfolder(p)).toggle();
  };

  get size(): number {
    return this.placed.size;
  }

  /** The ids of the badged papers. */
  ids(): string[] {
    return [...this.placed.values()].map((p) => p.hit.arxivId);
  }

  /** The badged papers' entries (a listing's `dt`, a search result's `li`), for the page-change watcher. */
  *entries(): Iterable<Element> {
    for (const anchor of this.placed.keys()) {
      const entry = anchor.closest('dt, li');
      if (entry) yield entry;
    }
  }

  /** A badge for a covered paper (once per paper, and only while it is in the page). */
  add(paper: ListedPaper, hit: BriefHit): void {
    if (this.placed.has(paper.anchor) || !paper.anchor.isConnected) return;
    const p: Placed = { paper, hit, host: this.newHost(hit), title: null, unfold: null };
    this.placed.set(paper.anchor, p);
    this.byHost.set(p.host.el, p);
    this.place(p);
  }

  private newHost(hit: BriefHit): Host {
    let factory = this.factories.get(hit.source);
    if (!factory) {
      factory = hostFactory(BADGE_TAG, BADGE_CSS, (mount) => mount.append(badgeButton(this.doc, hit.source)));
      this.factories.set(hit.source, factory);
    }
    const host = factory(hit.arxivId);
    // Light or dark as the page really is (a light listing under a dark OS stays light).
    this.tone ??= pageTone(this.doc);
    host.el.setAttribute('data-theme', this.tone);
    return host;
  }

  /** Puts a badge where it belongs under the current settings (or takes it away). */
  place(p: Placed): void {
    if (!this.settings().overlayEnabled) {
      p.unfold?.fold();
      p.host.el.remove();
      this.showTitle(p);
      return;
    }
    if (!p.host.el.isConnected) {
      // A badge left by an earlier run of the script (before an update) gives way.
      listedBadgeOf(p.paper, BADGE_TAG)?.remove();
      placeListedBadge(p.paper, p.host.el);
    }
    p.unfold?.update();
    this.showTitle(p);
  }

  placeAll(): void {
    this.placed.forEach((p) => this.place(p));
  }

  /** Chinese titles of badged papers (the listing-titles setting). */
  addTitles(titles: Record<string, string>): void {
    for (const [id, title] of Object.entries(titles)) this.titles.set(id, title);
    this.placed.forEach((p) => this.showTitle(p));
  }

  /**
   * The script the titles are shown in (简体, or 繁體 through OpenCC's converter), with its
   * language tag (zh-CN, zh-TW, zh-HK); shown titles change at once.
   */
  setTitleScript(convert: ((text: string) => string) | null, lang: string): void {
    if (convert === this.script.convert && lang === this.script.lang) return;
    this.script = { convert, lang };
    this.placed.forEach((p) => {
      const text = p.title?.shadowRoot?.firstElementChild as HTMLElement | null | undefined;
      const titleZh = this.titles.get(p.hit.arxivId);
      if (text && titleZh) this.writeTitle(text, titleZh);
    });
  }

  private writeTitle(text: HTMLElement, titleZh: string): void {
    text.lang = this.script.lang;
    text.textContent = this.script.convert ? this.script.convert(titleZh) : titleZh;
  }

  hasTitle(id: string): boolean {
    return this.titles.has(id);
  }

  private showTitle(p: Placed): void {
    const settings = this.settings();
    const titleZh = this.titles.get(p.hit.arxivId);
    const titleEl = settings.overlayEnabled && settings.listingTitles && titleZh ? listedTitleOf(p.paper) : null;
    if (titleEl && !p.title) {
      // Text only, and inside a shadow root of ours: a digest's title never becomes markup, and
      // arXiv's page (and its scripts) never holds a stranger's text in its own DOM.
      p.title = this.doc.createElement(TITLE_TAG);
      p.title.style.display = 'block';
      const text = this.doc.createElement('div');
      text.className = TITLE_CLASS;
      this.writeTitle(text, titleZh!);
      text.style.cssText = 'font-size:14px;color:#555;margin:2px 0 4px;font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif;';
      p.title.attachShadow({ mode: 'open' }).append(text);
    }
    if (titleEl && !p.title!.isConnected) titleEl.after(p.title!);
    if (!titleEl && p.title) {
      p.title.remove();
      p.title = null;
    }
  }

  /** After the page changed: forgets papers it removed, and puts back badges it removed. */
  repair(): void {
    for (const [anchor, p] of this.placed) {
      if (anchor.isConnected) continue;
      p.unfold?.fold();
      this.placed.delete(anchor);
      this.byHost.delete(p.host.el);
    }
    if (this.settings().overlayEnabled) for (const p of this.placed.values()) if (!p.host.el.isConnected) this.place(p);
  }

  /** Takes every badge, title and unfolded summary away (the cache changed, or the script stops). */
  clear(): void {
    this.placed.forEach((p) => {
      p.unfold?.fold();
      p.host.remove();
      p.title?.remove();
    });
    this.placed.clear();
    this.byHost.clear();
    this.titles.clear();
  }

  stop(): void {
    this.doc.removeEventListener('click', this.onChosen, true);
    this.clear();
  }
}

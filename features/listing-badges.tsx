/**
 * Badges on listing (`/list/…`, `/catchup/…`) and search result pages: one coverage message
 * for the whole page, one `<arxiv-digest-badge>` per covered paper, and the same for papers
 * that appear later (paging, "show more"). A badge stays plain DOM until it is chosen; then
 * Preact takes over to unfold the entry.
 */
import { Badge, BADGE_LABEL } from '../components/Badge';
import { BADGE_CSS } from '../components/badge-styles';
import { findListedPapers, type ListedPaper } from '../lib/arxiv/dom';
import type { BriefHit } from '../lib/messaging';
import { cacheStamp, readSettings, watchSettings, type Settings } from '../storage/settings';
import { createHost, type Host } from './host';
import { ask } from './messages';

export const BADGE_TAG = 'arxiv-digest-badge';
const TITLE_CLASS = 'arxiv-digest-title-zh';

interface Placed {
  paper: ListedPaper;
  hit: BriefHit;
  host: Host;
  /** Preact has taken over (the badge was chosen at least once). */
  live: boolean;
  title: HTMLElement | null;
}

function domReady(): Promise<void> {
  return document.readyState === 'loading' ? new Promise((r) => document.addEventListener('DOMContentLoaded', () => r(), { once: true })) : Promise.resolve();
}

export async function listingBadges(signal: AbortSignal): Promise<void> {
  const settingsRequest = readSettings();
  await domReady();
  if (signal.aborted) return;
  let settings: Settings = await settingsRequest;
  const placed = new Map<Element, Placed>();
  const known = new Map<string, BriefHit | null>();
  const titles = new Map<string, string>();

  const renderLive = (p: Placed, initiallyOpen = false) => {
    p.live = true;
    p.host.render(<Badge brief={p.hit} load={() => ask('lookup', { id: p.hit.arxivId }).catch(() => null)} showKeyNumbers={settings.showKeyNumbers} initiallyOpen={initiallyOpen} />);
  };

  /** The collapsed badge, without Preact: 2,000 of them must cost little. */
  const renderPlain = (p: Placed) => {
    const wrap = document.createElement('span');
    wrap.className = 'badge-wrap';
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'badge';
    button.setAttribute('aria-expanded', 'false');
    button.title = `${BADGE_LABEL} · ${p.hit.source}`;
    button.textContent = BADGE_LABEL;
    button.addEventListener(
      'click',
      () => {
        wrap.remove();
        renderLive(p, true);
      },
      { once: true },
    );
    wrap.append(button);
    p.host.mount.append(wrap);
  };

  const showTitle = (p: Placed) => {
    const titleZh = titles.get(p.hit.arxivId);
    const want = settings.overlayEnabled && settings.listingTitles && !!titleZh && !!p.paper.titleEl;
    if (want && !p.title) {
      // Text only: a digest's title never becomes markup.
      p.title = document.createElement('div');
      p.title.className = TITLE_CLASS;
      p.title.lang = 'zh-CN';
      p.title.textContent = titleZh!;
      p.title.style.cssText = 'font-size:14px;color:#555;margin:2px 0 4px;font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif;';
    }
    if (want && !p.title!.isConnected) p.paper.titleEl!.after(p.title!);
    if (!want && p.title) {
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
    if (!p.host.el.isConnected) p.paper.anchor.after(p.host.el);
    if (p.live) renderLive(p);
    showTitle(p);
  };

  /** Chinese titles for the covered papers, only while that setting is on (full entries). */
  const loadTitles = async () => {
    const missing = [...placed.values()].map((p) => p.hit.arxivId).filter((id) => !titles.has(id));
    if (!settings.listingTitles || !missing.length) return;
    const hits = await ask('lookupMany', { ids: missing }).catch(() => ({}));
    for (const [id, h] of Object.entries(hits)) titles.set(id, h.entry.titleZh);
  };

  /** Asks about the papers not asked about yet, in one message, and badges the covered ones. */
  const scan = async () => {
    const papers = findListedPapers(document).filter((p) => !placed.has(p.anchor));
    const fresh = [...new Set(papers.map((p) => p.id).filter((id) => !known.has(id)))];
    if (fresh.length) {
      const hits = await ask('coverage', { ids: fresh }).catch(() => ({}) as Record<string, BriefHit>);
      for (const id of fresh) known.set(id, hits[id] ?? null);
    }
    if (signal.aborted) return;
    const added: Placed[] = [];
    for (const paper of papers) {
      const hit = known.get(paper.id);
      if (!hit || placed.has(paper.anchor)) continue;
      const p: Placed = { paper, hit, host: createHost(BADGE_TAG, paper.id, BADGE_CSS), live: false, title: null };
      renderPlain(p);
      placed.set(paper.anchor, p);
      added.push(p);
    }
    added.forEach(place);
    if (settings.listingTitles && added.length) {
      await loadTitles();
      added.forEach(showTitle);
    }
  };
  await scan();

  let pending = false;
  const observer = new MutationObserver((records) => {
    // Our own insertions do not count; new papers and removed badges do.
    const ours = (n: Node) => n instanceof Element && (n.tagName.toLowerCase() === BADGE_TAG || n.classList.contains(TITLE_CLASS));
    const relevant = records.some((r) => [...r.addedNodes].some((n) => !ours(n)) || [...r.removedNodes].some(ours));
    if (!relevant || pending) return;
    pending = true;
    queueMicrotask(async () => {
      pending = false;
      for (const p of placed.values()) if (!p.paper.anchor.isConnected) placed.delete(p.paper.anchor);
      if (settings.overlayEnabled) for (const p of placed.values()) if (!p.host.el.isConnected) place(p);
      await scan();
    });
  });
  observer.observe(document.body, { childList: true, subtree: true });

  const stopSettings = watchSettings(async (s) => {
    settings = s;
    await loadTitles();
    placed.forEach(place);
  });
  const stopStamp = cacheStamp.watch(async () => {
    known.clear();
    titles.clear();
    placed.forEach((p) => {
      p.host.remove();
      p.title?.remove();
    });
    placed.clear();
    await scan();
  });
  signal.addEventListener('abort', () => {
    observer.disconnect();
    stopSettings();
    stopStamp();
    placed.forEach((p) => {
      p.host.remove();
      p.title?.remove();
    });
  });
}

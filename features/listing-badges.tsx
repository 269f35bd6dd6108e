/**
 * Badges on listing (`/list/…`, `/catchup/…`) and search result pages: one look-up message for
 * the whole page, one `<arxiv-digest-badge>` per covered paper, and the same for papers that
 * appear later (paging, "show more").
 */
import { Badge } from '../components/Badge';
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

  const renderOne = (p: Placed) => {
    if (!settings.overlayEnabled) {
      p.host.el.remove();
      p.title?.remove();
      return;
    }
    if (!p.host.el.isConnected) p.paper.anchor.after(p.host.el);
    p.host.render(<Badge brief={p.hit} load={() => ask('lookup', { id: p.hit.arxivId }).catch(() => null)} showKeyNumbers={settings.showKeyNumbers} />);
    const wantTitle = settings.listingTitles && !!p.hit.titleZh && !!p.paper.titleEl;
    if (wantTitle && !p.title) {
      // Text only: the digest's title never becomes markup.
      p.title = document.createElement('div');
      p.title.className = TITLE_CLASS;
      p.title.lang = 'zh-CN';
      p.title.textContent = p.hit.titleZh;
      p.title.style.cssText = 'font-size:14px;color:#555;margin:2px 0 4px;font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif;';
    }
    if (wantTitle && p.title && !p.title.isConnected) p.paper.titleEl!.after(p.title);
    if (!wantTitle && p.title) {
      p.title.remove();
      p.title = null;
    }
  };

  /** Looks up the papers not asked about yet, in one message, and badges the covered ones. */
  const scan = async () => {
    const papers = findListedPapers(document).filter((p) => !placed.has(p.anchor));
    const ask_ = [...new Set(papers.map((p) => p.id).filter((id) => !known.has(id)))];
    if (ask_.length) {
      const hits = await ask('coverage', { ids: ask_ }).catch(() => ({}) as Record<string, BriefHit>);
      for (const id of ask_) known.set(id, hits[id] ?? null);
    }
    if (signal.aborted) return;
    for (const paper of papers) {
      const hit = known.get(paper.id);
      if (!hit || placed.has(paper.anchor)) continue;
      const p: Placed = { paper, hit, host: createHost(BADGE_TAG, paper.id, BADGE_CSS), title: null };
      placed.set(paper.anchor, p);
      renderOne(p);
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
      if (settings.overlayEnabled) for (const p of placed.values()) if (!p.host.el.isConnected) renderOne(p);
      await scan();
    });
  });
  observer.observe(document.body, { childList: true, subtree: true });

  const stopSettings = watchSettings((s) => {
    settings = s;
    placed.forEach(renderOne);
  });
  const stopStamp = cacheStamp.watch(async () => {
    known.clear();
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

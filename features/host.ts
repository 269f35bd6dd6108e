/**
 * Host elements for our UI in arXiv's pages: one prefix (`arxiv-digest-`), an open shadow root
 * with our styles, and a Preact root inside it. Never innerHTML, never inside MathJax nodes.
 */
import { render, type ComponentChild } from 'preact';

export interface Host {
  el: HTMLElement;
  mount: HTMLElement;
  render(view: ComponentChild): void;
  remove(): void;
}

const sheets = new Map<string, CSSStyleSheet | null>();

/**
 * One stylesheet object shared by every host with the same CSS: 2,000 badges on a listing
 * page would otherwise parse their styles 2,000 times. Null where a content script cannot
 * adopt its own sheets (older Firefox); a <style> element then serves.
 */
function sharedSheet(css: string): CSSStyleSheet | null {
  if (!sheets.has(css)) {
    try {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      sheets.set(css, sheet);
    } catch {
      sheets.set(css, null);
    }
  }
  return sheets.get(css)!;
}

export function createHost(tag: `arxiv-digest-${string}`, id: string, css: string): Host {
  const el = document.createElement(tag);
  el.dataset.arxivId = id;
  const shadow = el.attachShadow({ mode: 'open' });
  const sheet = sharedSheet(css);
  let adopted = false;
  if (sheet) {
    try {
      shadow.adoptedStyleSheets = [sheet];
      adopted = true;
    } catch {
      // fall back to a <style> below
    }
  }
  if (!adopted) {
    const style = document.createElement('style');
    style.textContent = css;
    shadow.append(style);
  }
  const mount = document.createElement('div');
  // The host's own display (block for the panel, inline for a badge) decides the layout.
  mount.style.display = 'contents';
  shadow.append(mount);
  return {
    el,
    mount,
    render: (view) => render(view, mount),
    remove() {
      render(null, mount);
      el.remove();
    },
  };
}

/**
 * Resolves with the first element `find` returns, as soon as the parser has added it; null when
 * the document finished loading without one (markup we do not recognise: leave the page alone).
 */
export function whenElement<T>(find: () => T | null, signal: AbortSignal): Promise<T | null> {
  const now = find();
  if (now) return Promise.resolve(now);
  return new Promise((resolve) => {
    const done = (value: T | null) => {
      observer.disconnect();
      document.removeEventListener('DOMContentLoaded', onLoaded);
      resolve(value);
    };
    const observer = new MutationObserver(() => {
      const el = find();
      if (el) done(el);
    });
    const onLoaded = () => done(find());
    observer.observe(document, { childList: true, subtree: true });
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', onLoaded);
    else queueMicrotask(onLoaded);
    signal.addEventListener('abort', () => done(null), { once: true });
  });
}

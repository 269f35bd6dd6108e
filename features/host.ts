/**
 * Host elements for our UI in arXiv's pages: one prefix (`arxiv-digest-`), an open shadow root
 * with our styles, and a root for our content inside it. Never innerHTML, never inside MathJax
 * nodes. Plain DOM: Preact comes in only with the UI module (ui-host.ts).
 */

export interface Host {
  el: HTMLElement;
  mount: HTMLElement;
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

/**
 * Gives a shadow root our styles: the shared sheet, or a <style> where it cannot be adopted.
 * True when the sheet was adopted.
 */
function styleShadow(shadow: ShadowRoot, css: string): boolean {
  const sheet = sharedSheet(css);
  if (sheet) {
    try {
      shadow.adoptedStyleSheets = [sheet];
      return true;
    } catch {
      // fall back to a <style> below
    }
  }
  const style = document.createElement('style');
  style.textContent = css;
  shadow.append(style);
  return false;
}

class ShadowHost implements Host {
  constructor(
    readonly el: HTMLElement,
    private mountEl?: HTMLElement,
  ) {}

  /** The Preact root: the shadow root's last child (after a <style> where there is one). */
  get mount(): HTMLElement {
    return (this.mountEl ??= this.el.shadowRoot!.lastElementChild as HTMLElement);
  }

  remove(): void {
    this.el.remove();
  }
}

function build(tag: string, css: string, clonable: boolean): { el: HTMLElement; mount: HTMLElement; adopted: boolean } {
  const el = document.createElement(tag);
  const shadow = el.attachShadow({ mode: 'open', clonable });
  const adopted = styleShadow(shadow, css);
  const mount = document.createElement('div');
  // The host's own display (block for the panel, inline for a badge) decides the layout.
  mount.style.display = 'contents';
  shadow.append(mount);
  return { el, mount, adopted };
}

export function createHost(tag: `arxiv-digest-${string}`, id: string, css: string): Host {
  const { el, mount } = build(tag, css, false);
  el.dataset.arxivId = id;
  return new ShadowHost(el, mount);
}

/**
 * Many hosts alike (2,000 badges on a listing), each a clone of one prototype whose shadow tree
 * `fill` built once: cloning copies the tree in one call, where building it costs a dozen DOM
 * calls a host, each slower from a content script (npm run bench: listing). Adopted sheets are
 * not cloned, so each clone adopts the shared one (cloning a <style> instead measured slower).
 * Where shadow roots cannot be cloned (Firefox before 123), each host is built and filled.
 */
export function hostFactory(tag: `arxiv-digest-${string}`, css: string, fill: (mount: HTMLElement) => void): (id: string) => Host {
  // Clones do as the prototype did: adopt the shared sheet, or carry its cloned <style>.
  let proto: { el: HTMLElement; adopted: boolean } | null = null;
  return (id) => {
    if (!proto) {
      const built = build(tag, css, true);
      fill(built.mount);
      proto = built;
    }
    const el = proto.el.cloneNode(true) as HTMLElement;
    if (!el.shadowRoot) {
      const host = createHost(tag, id, css);
      fill(host.mount);
      return host;
    }
    el.setAttribute('data-arxiv-id', id);
    if (proto.adopted) el.shadowRoot.adoptedStyleSheets = [sharedSheet(css)!];
    return new ShadowHost(el);
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

/** `rgb(…)` / `rgba(…)` as computed: channels 0–255 and alpha; null for anything else. */
function parseRgb(color: string): { r: number; g: number; b: number; a: number } | null {
  const m = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:[\s,/]+([\d.]+%?))?\s*\)$/.exec(color);
  if (!m) return null;
  const a = m[4] === undefined ? 1 : m[4].endsWith('%') ? parseFloat(m[4]) / 100 : parseFloat(m[4]);
  return { r: +m[1], g: +m[2], b: +m[3], a };
}

/**
 * Light or dark, from what the page really shows: the computed background of <body>, then
 * <html>, so that Dark Reader and the like count; arXiv's abstract pages stay white under a
 * dark OS, and so does the panel. With both transparent, the canvas: dark only where the page
 * asks for a dark colour scheme.
 */
export function pageTone(doc: Document): 'light' | 'dark' {
  const view = doc.defaultView ?? window;
  for (const el of [doc.body, doc.documentElement]) {
    if (!el) continue;
    const c = parseRgb(view.getComputedStyle(el).backgroundColor);
    if (!c || c.a < 0.5) continue;
    // Relative luminance (sRGB, approximated by a 2.2 gamma): below ~0.18 reads as dark.
    const lum = 0.2126 * (c.r / 255) ** 2.2 + 0.7152 * (c.g / 255) ** 2.2 + 0.0722 * (c.b / 255) ** 2.2;
    return lum < 0.18 ? 'dark' : 'light';
  }
  const scheme = view.getComputedStyle(doc.documentElement).colorScheme ?? '';
  const osDark = view.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false;
  return /dark/.test(scheme) && (osDark || !/light/.test(scheme)) ? 'dark' : 'light';
}

/** The text size of the page element our UI stands beside, in px, within reason. */
export function pageTextSize(el: Element): number {
  const size = parseFloat((el.ownerDocument.defaultView ?? window).getComputedStyle(el).fontSize);
  return Number.isFinite(size) ? Math.min(40, Math.max(11, size)) : 15;
}

/**
 * Calls back (once a frame at most) when what decides the page's look may have changed: the
 * attributes of <html> and <body> (themes, Dark Reader's marks), styles added to <head>, the
 * OS colour scheme.
 */
export function watchPageLook(doc: Document, onChange: () => void, signal: AbortSignal): void {
  let queued = false;
  const fire = () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      if (!signal.aborted) onChange();
    });
  };
  const observer = new MutationObserver(fire);
  observer.observe(doc.documentElement, { attributes: true });
  if (doc.body) observer.observe(doc.body, { attributes: true });
  if (doc.head) observer.observe(doc.head, { childList: true });
  const media = window.matchMedia?.('(prefers-color-scheme: dark)');
  media?.addEventListener('change', fire);
  signal.addEventListener('abort', () => {
    observer.disconnect();
    media?.removeEventListener('change', fire);
  });
}

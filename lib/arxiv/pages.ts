/**
 * What kind of arXiv page a URL is, and which paper it shows. Pure.
 * Hosts and paths: docs/arxiv.md.
 */
import { parseArxivId, type ArxivRef } from './ids';

export type PageKind = 'abstract' | 'html' | 'pdf' | 'listing' | 'search' | 'other';

export interface PageInfo {
  kind: PageKind;
  /** The paper the page is about (abstract, html, pdf), else null. */
  ref: ArxivRef | null;
}

/** arXiv's hosts: the one list the manifest, the content script and the background use. */
export const ARXIV_HOSTS: readonly string[] = ['arxiv.org', 'www.arxiv.org', 'export.arxiv.org'];

/** Match patterns for ARXIV_HOSTS (content script matches, host permissions). */
export const ARXIV_MATCHES: string[] = ARXIV_HOSTS.map((host) => `*://${host}/*`);

/** Match patterns for the paper pages of ARXIV_HOSTS (abstract, legacy `/abs?id=`, HTML full text). */
export const PAPER_PAGE_MATCHES: string[] = ARXIV_HOSTS.flatMap((host) => [`*://${host}/abs*`, `*://${host}/html/*`]);

const OTHER: PageInfo = { kind: 'other', ref: null };

function paperPage(kind: PageKind, rest: string): PageInfo {
  const ref = parseArxivId(rest);
  return ref ? { kind, ref } : OTHER;
}

export function detectPage(input: string | URL): PageInfo {
  let url: URL;
  try {
    url = new URL(String(input));
  } catch {
    return OTHER;
  }
  if (!/^https?:$/.test(url.protocol) || !ARXIV_HOSTS.includes(url.hostname.toLowerCase())) return OTHER;
  const path = url.pathname;
  const [, first = '', ...rest] = path.split('/');
  const tail = rest.join('/');
  switch (first) {
    case 'abs':
      // Legacy form: /abs?id=<id>
      return paperPage('abstract', tail || url.searchParams.get('id') || '');
    case 'html':
      return paperPage('html', tail);
    case 'pdf':
      return paperPage('pdf', tail);
    case 'list':
    case 'catchup':
      return { kind: 'listing', ref: null };
    case 'search':
      return { kind: 'search', ref: null };
    default:
      return OTHER;
  }
}

/**
 * What kind of arXiv page a URL is, and which paper it shows. Pure.
 * Hosts and paths: shared/docs/ARXIV.md.
 */
import { parseArxivId, type ArxivRef } from './ids';

export type PageKind = 'abstract' | 'html' | 'pdf' | 'listing' | 'search' | 'other';

export interface PageInfo {
  kind: PageKind;
  /** The paper the page is about (abstract, html, pdf), else null. */
  ref: ArxivRef | null;
}

export const ARXIV_HOSTS = ['arxiv.org', 'www.arxiv.org', 'export.arxiv.org'];

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

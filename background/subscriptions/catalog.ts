/**
 * The publishers the options page offers as ready-made subscriptions. Data only: the UI words
 * each entry from its fields (locale keys `subCatalog_<id>` for the one line on what it covers),
 * the background reads nothing here but the templates. Paths and quirks: docs/subscriptions.md.
 */
import type { SubscriptionKind } from '../../lib/messaging';

export interface CatalogEntry {
  /** Stable id; also the locale key suffix (`subCatalog_<id>`) of its one-line description. */
  id: string;
  /** `owner/repo` on GitHub. */
  publisher: string;
  kind: SubscriptionKind;
  /** The URL or template a subscription fetches. */
  url: string;
  /** The one host it needs permission for. */
  host: string;
  /** How often the publisher writes: a file a day, a file overwritten several times a day, or a file per paper. */
  updates: 'daily' | 'four-times-daily' | 'per-paper';
  /** Approximate UTC hour a daily file lands (files land hours late), when known. */
  landsUtc?: string;
  /** The source format the file is in. */
  format: 'daily-arxiv-jsonl' | 'xmkxabc-jsonl' | 'cn-chat-arxiv-paper-json' | 'cn-chat-arxiv-markdown' | 'arxiv-daily-scroll-json';
  /** Which parts of an entry the publisher writes in Chinese. */
  fields: { titleZh: boolean; summaryZh: boolean; tldrZh: boolean };
  /** For per-category files: the arXiv category (or group) it covers. */
  category?: string;
  /** A template with `{owner}/{repo}` for the forks publishing the same schema (see forkUrl). */
  forkTemplate?: string;
}

const RAW = 'raw.githubusercontent.com';
const CN_CHAT_CATEGORIES = ['cs.AI', 'cs.CL', 'cs.LG', 'cs.IR', 'cs.SE', 'econ', 'q-fin', 'stat.ML'] as const;

export const CATALOG: readonly CatalogEntry[] = [
  {
    id: 'dailyArxiv',
    publisher: 'dw-dengwei/daily-arXiv-ai-enhanced',
    kind: 'dated',
    url: 'https://raw.githubusercontent.com/dw-dengwei/daily-arXiv-ai-enhanced/data/data/{date}_AI_enhanced_Chinese.jsonl',
    host: RAW,
    updates: 'daily',
    landsUtc: '06:00–07:00',
    format: 'daily-arxiv-jsonl',
    // AI.tldr / motivation / method / result / conclusion in Chinese; the title stays English.
    fields: { titleZh: false, summaryZh: true, tldrZh: true },
    forkTemplate: 'https://raw.githubusercontent.com/{owner}/{repo}/data/data/{date}_AI_enhanced_Chinese.jsonl',
  },
  {
    id: 'xmkxabcDailyArxiv',
    publisher: 'xmkxabc/daily-arXiv-ai-enhanced',
    kind: 'dated',
    url: 'https://raw.githubusercontent.com/xmkxabc/daily-arXiv-ai-enhanced/main/data/{date}_AI_enhanced_Chinese.jsonl',
    host: RAW,
    updates: 'daily',
    format: 'xmkxabc-jsonl',
    // AI.title_translation and AI.translation (the whole abstract) besides daily-arXiv's fields.
    fields: { titleZh: true, summaryZh: true, tldrZh: true },
  },
  {
    id: 'cnChatArxivPapers',
    publisher: 'qhduan/cn-chat-arxiv',
    kind: 'per-paper',
    url: 'https://raw.githubusercontent.com/qhduan/cn-chat-arxiv/master/papers/{yy}/{mm}/{id}.json',
    host: RAW,
    updates: 'per-paper',
    format: 'cn-chat-arxiv-paper-json',
    fields: { titleZh: true, summaryZh: true, tldrZh: true },
  },
  ...CN_CHAT_CATEGORIES.map(
    (category): CatalogEntry => ({
      id: `cnChatArxiv_${category.replace(/[.-]/g, '_')}`,
      publisher: 'qhduan/cn-chat-arxiv',
      kind: 'fixed',
      url: `https://raw.githubusercontent.com/qhduan/cn-chat-arxiv/master/${category}.md`,
      host: RAW,
      updates: 'four-times-daily',
      format: 'cn-chat-arxiv-markdown',
      // Overwritten 4× a day, empty at weekends (the held entries stay).
      fields: { titleZh: true, summaryZh: true, tldrZh: false },
      category,
    }),
  ),
  {
    id: 'arxivDailyScroll',
    publisher: 'a1henu/arxiv-daily-scroll',
    kind: 'dated',
    url: 'https://raw.githubusercontent.com/a1henu/arxiv-daily-scroll/main/data/{date}/ai_summary.json',
    host: RAW,
    updates: 'daily',
    landsUtc: '04:30',
    format: 'arxiv-daily-scroll-json',
    // headline_zh, intro_zh, tags_zh: no Chinese title.
    fields: { titleZh: false, summaryZh: true, tldrZh: true },
  },
];

/** A fork's template from `owner/repo` (GitHub's rules: letters, digits, `-`, `_`, `.`), or null. */
export function forkUrl(entry: CatalogEntry, ownerRepo: string): string | null {
  const m = /^\s*([A-Za-z0-9-]{1,39})\/([A-Za-z0-9._-]{1,100})\s*$/.exec(ownerRepo);
  if (!entry.forkTemplate || !m || m[2] === '.' || m[2] === '..') return null;
  return entry.forkTemplate.replace('{owner}', m[1]).replace('{repo}', m[2]);
}

/**
 * The name a subscription made from a catalog entry goes by: the publisher (and the category
 * for a per-category file), or null when the id is unknown or the URL is not the entry's own
 * (a fork is named by the UI from its `owner/repo`).
 */
export function catalogName(catalogId: string | undefined, url: string): string | null {
  const entry = CATALOG.find((e) => e.id === catalogId);
  if (!entry || entry.url !== url) return null;
  return entry.category ? `${entry.publisher} ${entry.category}` : entry.publisher;
}

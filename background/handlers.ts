/**
 * Answers the protocol's messages. Only the extension's own pages and its content scripts on
 * arXiv pages are answered; a malformed message gets a typed error, never a crash.
 */
import Dexie from 'dexie';
import { ARXIV_HOSTS } from '../lib/arxiv/pages';
import { MESSAGE_TYPES, PAPER_PAGE_ORIGINS, ProtocolError, type LookupHit, type MessageType, type ProtocolMap, type Reply } from '../lib/messaging';
import type { DigestDb } from '../storage/db';
import * as cache from './cache';
import { importFromUrl } from './fetch-digest';
import { deleteRemembering, restoreBundled } from './seed';
import type { HotCopy } from './hot-copy';
import type { SubscriptionService } from './subscriptions/sources';

export interface Sender {
  id?: string;
  url?: string;
  tab?: { url?: string };
}

/** Who may talk to the background: our own pages, and our content script on arXiv. */
export function isTrustedSender(sender: Sender, extensionId: string, extensionOrigin: string): boolean {
  if (sender.id !== extensionId) return false;
  const url = sender.url ?? sender.tab?.url ?? '';
  if (url.startsWith(extensionOrigin)) return true;
  try {
    const u = new URL(url);
    return /^https?:$/.test(u.protocol) && ARXIV_HOSTS.includes(u.hostname);
  } catch {
    return false;
  }
}

const MAX_LOOKUP_IDS = 5000;

function need(cond: unknown, what: string): asserts cond {
  if (!cond) throw new ProtocolError('bad-message', what);
}

type Handlers = { [T in MessageType]: (data: ProtocolMap[T]['data'], sender: Sender) => Promise<ProtocolMap[T]['answer']> };

const isId = (x: unknown): x is string => typeof x === 'string' && x.length > 0 && x.length <= 100;

function handlers(db: DigestDb, subs: SubscriptionService | undefined, hot: HotCopy | undefined): Handlers {
  const service = (): SubscriptionService => {
    if (!subs) throw new ProtocolError('internal', 'subscriptions are not running in this worker');
    return subs;
  };
  return {
    lookup: async (d, sender) => {
      need(typeof d.id === 'string', 'lookup needs an id');
      need(d.sourceId === undefined || typeof d.sourceId === 'number', 'sourceId must be a number');
      const mark = hot?.mark() ?? 0;
      const hit = await cache.lookup(db, d.id, d.sourceId);
      // Per paper only from a paper page (in its tab, or the popup over a PDF, which takes no
      // content script), never from a listing: the request tells the host which paper is read.
      const fromPaperPage = !!d.from && PAPER_PAGE_ORIGINS.includes(d.from) && (!!sender.tab || d.from === 'pdf');
      // A paper the reader opened goes into the hot copy, for the next time it is opened.
      const opened = (h: LookupHit | null, at: number) => {
        if (h && hot && fromPaperPage && d.sourceId === undefined) void hot.shown(h.entry.arxivId, h, at).catch((err) => console.error('[arxiv-digest] hot copy:', err));
        return h;
      };
      if (hit || d.sourceId !== undefined || !subs || !fromPaperPage) return opened(hit, mark);
      if (!(await subs.lookupPerPaper(d.id))) return null;
      const again = hot?.mark() ?? 0;
      return opened(await cache.lookup(db, d.id), again);
    },
    lookupMany: (d) => {
      need(Array.isArray(d.ids) && d.ids.every((x) => typeof x === 'string'), 'lookupMany needs a list of ids');
      need(d.ids.length <= MAX_LOOKUP_IDS, `at most ${MAX_LOOKUP_IDS} ids at once`);
      return cache.lookupMany(db, d.ids);
    },
    coverage: (d) => {
      need(Array.isArray(d.ids) && d.ids.every((x) => typeof x === 'string'), 'coverage needs a list of ids');
      need(d.ids.length <= MAX_LOOKUP_IDS, `at most ${MAX_LOOKUP_IDS} ids at once`);
      return cache.coverage(db, d.ids);
    },
    coverageOfMonths: (d) => {
      need(Array.isArray(d.months) && d.months.length <= 240 && d.months.every((x) => typeof x === 'string'), 'coverageOfMonths needs a list of months');
      return cache.coverageOfMonths(db, d.months);
    },
    search: (d) => (need(typeof d.query === 'string', 'search needs a query'), cache.search(db, d.query, d.limit)),
    importDigest: (d) => {
      need(typeof d.text === 'string' && typeof d.name === 'string', 'importDigest needs text and a name');
      need(['file', 'url', 'bundled'].includes(d.origin), 'unknown origin');
      // The bundled digest comes back this way (the options page's "restore"): the deletion is forgotten.
      if (d.origin === 'bundled') return restoreBundled(db, d.text);
      const bytes = new TextEncoder().encode(d.text);
      return cache.importBytes(db, bytes, { name: d.name, origin: d.origin, url: d.url });
    },
    importUrl: (d) => (need(typeof d.url === 'string', 'importUrl needs a url'), importFromUrl(db, d.url)),
    listSources: () => cache.listSources(db),
    renameSource: (d) => (need(typeof d.id === 'number' && typeof d.name === 'string', 'renameSource needs an id and a name'), cache.renameSource(db, d.id, d.name)),
    deleteSource: (d) => (need(typeof d.id === 'number', 'deleteSource needs an id'), deleteRemembering(db, d.id)),
    exportAll: () => cache.exportAll(db),
    counts: () => cache.counts(db),
    ping: async () => ({ at: Date.now() }),
    reorderSources: (d) => {
      need(Array.isArray(d.order) && d.order.length <= 10_000 && d.order.every((x) => Number.isInteger(x)), 'reorderSources needs a list of digest ids');
      return cache.reorderSources(db, d.order);
    },
    listSubscriptions: () => service().list(),
    subscribe: (d) => {
      need(typeof d.url === 'string' && d.url.length <= 2000, 'subscribe needs a url');
      need(d.name === undefined || typeof d.name === 'string', 'name must be text');
      need(d.days === undefined || typeof d.days === 'number', 'days must be a number');
      need(d.kind === undefined || ['fixed', 'dated', 'per-paper', 'index'].includes(d.kind), 'unknown kind');
      need(d.catalogId === undefined || isId(d.catalogId), 'bad catalogId');
      return service().subscribe(d);
    },
    unsubscribe: (d) => (need(isId(d.id), 'unsubscribe needs an id'), service().unsubscribe(d.id, d.keepEntries === true)),
    pauseSubscription: (d) => (need(isId(d.id), 'pauseSubscription needs an id'), service().pause(d.id)),
    resumeSubscription: (d) => (need(isId(d.id), 'resumeSubscription needs an id'), service().resume(d.id)),
    refreshSubscription: (d) => (need(d.id === undefined || isId(d.id), 'bad id'), service().refresh(d.id, d.wait === true)),
    setSubscriptionSettings: (d) => service().setSettings(d),
  };
}

/** Messages after which open arXiv tabs must look their papers up again. */
const CHANGES_CACHE: ReadonlySet<string> = new Set<MessageType>(['importDigest', 'importUrl', 'deleteSource', 'renameSource', 'reorderSources', 'unsubscribe']);

export async function handleMessage(
  db: DigestDb,
  message: unknown,
  sender: Sender,
  self: { id: string; origin: string },
  onCacheChanged: () => Promise<void> | void = () => {},
  subs?: SubscriptionService,
  hot?: HotCopy,
): Promise<Reply<MessageType>> {
  try {
    if (!isTrustedSender(sender, self.id, self.origin)) throw new ProtocolError('forbidden', 'sender not allowed');
    const m = message as { type?: unknown; data?: unknown } | null;
    need(m && typeof m === 'object' && typeof m.type === 'string' && MESSAGE_TYPES.has(m.type), 'unknown message');
    const data = m.data && typeof m.data === 'object' ? m.data : {};
    const handler = handlers(db, subs, hot)[m.type as MessageType] as (d: unknown, s: Sender) => Promise<unknown>;
    const value = await handler(data, sender);
    if (CHANGES_CACHE.has(m.type)) await onCacheChanged();
    return { ok: true, value: value as never };
  } catch (err) {
    if (err instanceof ProtocolError) return { ok: false, error: err.toInfo() };
    const message = err instanceof Error ? err.message : String(err);
    // The cache's database failed under the handler: said as such, not as a bug of ours.
    if (err instanceof Dexie.DexieError || (typeof DOMException !== 'undefined' && err instanceof DOMException)) return { ok: false, error: { code: 'internal', reason: 'database', message } };
    return { ok: false, error: { code: 'internal', message } };
  }
}

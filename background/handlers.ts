/**
 * Answers the protocol's messages. Only the extension's own pages and its content scripts on
 * arXiv pages are answered; a malformed message gets a typed error, never a crash.
 */
import { ARXIV_HOSTS } from '../lib/arxiv/pages';
import { MESSAGE_TYPES, ProtocolError, type ErrorCode, type MessageType, type ProtocolMap, type Reply } from '../lib/messaging';
import type { DigestDb } from '../storage/db';
import * as cache from './cache';
import { importFromUrl } from './fetch-digest';

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

type Handlers = { [T in MessageType]: (data: ProtocolMap[T]['data']) => Promise<ProtocolMap[T]['answer']> };

function handlers(db: DigestDb): Handlers {
  return {
    lookup: (d) => (need(typeof d.id === 'string', 'lookup needs an id'), cache.lookup(db, d.id)),
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
      const bytes = new TextEncoder().encode(d.text);
      return cache.importBytes(db, bytes, { name: d.name, origin: d.origin, url: d.url });
    },
    importUrl: (d) => (need(typeof d.url === 'string', 'importUrl needs a url'), importFromUrl(db, d.url)),
    listSources: () => cache.listSources(db),
    renameSource: (d) => (need(typeof d.id === 'number' && typeof d.name === 'string', 'renameSource needs an id and a name'), cache.renameSource(db, d.id, d.name)),
    deleteSource: (d) => (need(typeof d.id === 'number', 'deleteSource needs an id'), cache.deleteSource(db, d.id)),
    exportAll: () => cache.exportAll(db),
    counts: () => cache.counts(db),
    ping: async () => ({ at: Date.now() }),
  };
}

/** Messages after which open arXiv tabs must look their papers up again. */
const CHANGES_CACHE: ReadonlySet<string> = new Set<MessageType>(['importDigest', 'importUrl', 'deleteSource', 'renameSource']);

export async function handleMessage(
  db: DigestDb,
  message: unknown,
  sender: Sender,
  self: { id: string; origin: string },
  onCacheChanged: () => Promise<void> | void = () => {},
): Promise<Reply<MessageType>> {
  try {
    if (!isTrustedSender(sender, self.id, self.origin)) throw new ProtocolError('forbidden', 'sender not allowed');
    const m = message as { type?: unknown; data?: unknown } | null;
    need(m && typeof m === 'object' && typeof m.type === 'string' && MESSAGE_TYPES.has(m.type), 'unknown message');
    const data = m.data && typeof m.data === 'object' ? m.data : {};
    const handler = handlers(db)[m.type as MessageType] as (d: unknown) => Promise<unknown>;
    const value = await handler(data);
    if (CHANGES_CACHE.has(m.type)) await onCacheChanged();
    return { ok: true, value: value as never };
  } catch (err) {
    const code: ErrorCode = err instanceof ProtocolError ? err.code : 'internal';
    const message = err instanceof Error ? err.message : String(err);
    return { ok: false, error: { code, message } };
  }
}

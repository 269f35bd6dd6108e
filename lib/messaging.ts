/**
 * The one protocol between the content script, the popup and the background. Each message has
 * its data and its answer type here, so the compiler checks both ends.
 */
import type { DigestEntry, DigestWarning } from './digest/types';

export type SourceOrigin = 'bundled' | 'file' | 'url' | 'subscription';

export interface SourceInfo {
  id: number;
  name: string;
  origin: SourceOrigin;
  url?: string;
  importedAt: number;
  entryCount: number;
  warnings: DigestWarning[];
  hash: string;
  /**
   * The reader's order of digests: the lowest rank that covers a paper answers for it. New
   * digests go on top (below 0 and falling), the bundled one sits last until the reader moves it.
   */
  rank: number;
  /** The subscription that keeps this digest fresh, when one does. */
  subscriptionId?: string;
}

/** What a look-up answers: the entry of the first digest in the reader's order, and who else covers the paper. */
export interface LookupHit {
  entry: DigestEntry;
  source: { id: number; name: string };
  /** Other digests that cover the same paper, in the reader's order. */
  alsoIn: Array<{ id: number; name: string }>;
}

/** What a listing page needs to badge a paper; the whole entry is fetched when it unfolds. */
export interface BriefHit {
  arxivId: string;
  /** The digest that answers for it (the first in the reader's order). */
  source: string;
}

export interface MonthCoverage {
  month: string;
  source: string;
  /** The covered ids, sorted, one per line ('' when `bits` holds them). */
  ids: string;
  /**
   * When every id is new-style of this month (`YYMM.NNNNN`, all `width` long): the bitset of
   * their numbers, base64 (lib/sorted-lines.ts monthBitsOf), ~4 KB of base64 where the ids take ~220 KB (and only when smaller than the ids).
   */
  bits?: { width: number; base64: string };
}

export interface ImportResult {
  source: SourceInfo;
  imported: number;
  /** Sections or records that could not become an entry (each is also a warning). */
  skipped: number;
  /**
   * Sections or records of the file that repeated a paper already in it and were merged into
   * that entry (one entry per paper and digest); 0 when the file named each paper once.
   */
  merged: number;
  warnings: DigestWarning[];
  /** True when the same digest (same content) was already installed and nothing changed. */
  unchanged: boolean;
}

export interface Counts {
  entries: number;
  papers: number;
  sources: number;
}

/**
 * Where a look-up comes from. Only a reader's paper page (abstract, HTML full text, PDF) may
 * make a per-paper subscription fetch the paper's file; listing and search pages never do.
 */
export type LookupOrigin = 'abstract' | 'html' | 'pdf' | 'listing' | 'popup' | 'search';
export const PAPER_PAGE_ORIGINS: readonly LookupOrigin[] = ['abstract', 'html', 'pdf'];

/**
 * Subscriptions. Four kinds: `fixed` (one file its publisher overwrites), `dated` (a template
 * with `{date}`, one file a day), `per-paper` (a template with `{id}`, `{yy}`, `{mm}`, fetched on
 * demand), `index` (a JSON list of digest files, docs/index-format.md).
 */
export type SubscriptionKind = 'fixed' | 'dated' | 'per-paper' | 'index';
export type SubscriptionState = 'ok' | 'stale' | 'error' | 'paused' | 'fetching';
/** Hours between checks, or `manual` (only the reader's refresh). */
export type RefreshInterval = 1 | 6 | 24 | 'manual';
export const REFRESH_INTERVALS: readonly RefreshInterval[] = [1, 6, 24, 'manual'];
/** Days of entries kept in subscription digests; 0 keeps everything. */
export type RetentionDays = 0 | 90 | 365;
export const RETENTION_DAYS: readonly RetentionDays[] = [0, 90, 365];
export const DATED_DAYS = { default: 7, min: 1, max: 90 } as const;

/** An error as a value: what the UI words as `err_<reason>` with `params`. */
export interface ErrorInfo {
  code: ErrorCode;
  message: string;
  reason?: ErrorReason;
  params?: Record<string, string | number>;
}

export interface SubscriptionView {
  /** Stable across browsers (the list is in storage.sync). */
  id: string;
  name: string;
  kind: SubscriptionKind;
  /** The URL, or the template with its placeholders. */
  url: string;
  /** The catalog entry it was made from, if any (background/subscriptions/catalog.ts). */
  catalogId?: string;
  /** The host permission it needs, e.g. `https://raw.githubusercontent.com/*`. */
  originPattern: string;
  /** The digest its entries are in (SourceInfo.id), once anything was fetched. */
  sourceId: number | null;
  /** Dated series: how many days back were asked for. */
  days?: number;
  entriesHeld: number;
  /** Epoch ms, or null when never. */
  lastChecked: number | null;
  lastChanged: number | null;
  nextCheck: number | null;
  state: SubscriptionState;
  /** Why it is paused: by the reader, or because the host permission was revoked. */
  pausedBy?: 'reader' | 'permission';
  /** The last failure (state 'stale' when a good copy is held, 'error' when none is). */
  error?: ErrorInfo;
  /** Since when the held copy is stale (the first failure after the last success). */
  staleSince: number | null;
  /** While fetching: files done of files to fetch. */
  progress?: { done: number; total: number };
}

export interface SubscriptionSettings {
  interval: RefreshInterval;
  retentionDays: RetentionDays;
  /** Per-paper subscriptions fetch only when this is on (it tells the host which paper is read). */
  perPaper: boolean;
}

export interface SubscriptionsAnswer {
  subscriptions: SubscriptionView[];
  settings: SubscriptionSettings;
  /** When any subscription was last checked, or null. */
  lastRefreshed: number | null;
  /**
   * The list could not be written to storage.sync (its quotas, or sync refused): this browser
   * goes on with its own copy, and `notSynced` subscriptions are not in the reader's other browsers.
   */
  syncProblem?: { notSynced: number; since: number; error: ErrorInfo };
}

/**
 * A storage.local key the background bumps whenever a subscription's view changes (progress,
 * state, a refresh done): pages watch it and ask `listSubscriptions` again.
 */
export const SUBSCRIPTIONS_STAMP_KEY = 'local:subscriptionsStamp';

export interface ProtocolMap {
  /**
   * `sourceId`: that digest's entry for the paper (the panel's "switch to"); `from`: where the
   * look-up comes from (only paper pages may fetch per paper).
   */
  lookup: { data: { id: string; sourceId?: number; from?: LookupOrigin }; answer: LookupHit | null };
  lookupMany: { data: { ids: string[] }; answer: Record<string, LookupHit> };
  /** Which of a listing page's papers are covered, in one message for the whole page. */
  coverage: { data: { ids: string[] }; answer: Record<string, BriefHit> };
  /**
   * Every covered id of some months (`YYMM`), newest digest first: asked as soon as a listing's
   * first paper is parsed, so that the badges can go in while the rest of the page arrives.
   */
  coverageOfMonths: { data: { months: string[] }; answer: MonthCoverage[] };
  search: { data: { query: string; limit?: number }; answer: LookupHit[] };
  importDigest: { data: { text: string; name: string; origin: SourceOrigin; url?: string }; answer: ImportResult };
  importUrl: { data: { url: string }; answer: ImportResult };
  listSources: { data: Record<string, never>; answer: SourceInfo[] };
  renameSource: { data: { id: number; name: string }; answer: SourceInfo };
  deleteSource: { data: { id: number }; answer: { removed: number } };
  exportAll: { data: Record<string, never>; answer: { text: string; entries: number } };
  counts: { data: Record<string, never>; answer: Counts };
  ping: { data: Record<string, never>; answer: { at: number } };
  /** The reader's order of digests: source ids, first answers first; unlisted ones keep their order after. */
  reorderSources: { data: { order: number[] }; answer: SourceInfo[] };
  listSubscriptions: { data: Record<string, never>; answer: SubscriptionsAnswer };
  /**
   * `url`: an https URL or a template (`{date}` → dated, `{id}`/`{yy}`/`{mm}` → per-paper, else
   * fixed, or index when `kind: 'index'` or the file turns out to be one). `days` for dated
   * series (1–90, default 7). Answers at once with the new subscription (state 'fetching');
   * `wait: true` answers when the first fetch is done. The page asks for the host permission
   * (permissions.request in the click) BEFORE sending this.
   */
  subscribe: { data: { url: string; name?: string; kind?: SubscriptionKind; days?: number; catalogId?: string; wait?: boolean }; answer: SubscriptionView };
  /** `keepEntries`: keep its digest (as a plain digest) instead of deleting it. */
  unsubscribe: { data: { id: string; keepEntries?: boolean }; answer: { removed: number } };
  pauseSubscription: { data: { id: string }; answer: SubscriptionView };
  resumeSubscription: { data: { id: string }; answer: SubscriptionView };
  /** One subscription, or all when `id` is absent; `wait: true` answers when done. */
  refreshSubscription: { data: { id?: string; wait?: boolean }; answer: SubscriptionView[] };
  setSubscriptionSettings: { data: Partial<SubscriptionSettings>; answer: SubscriptionSettings };
}

export type MessageType = keyof ProtocolMap;
export type Request<T extends MessageType = MessageType> = { type: T; data: ProtocolMap[T]['data'] };
export type ErrorCode = 'bad-message' | 'forbidden' | 'invalid-digest' | 'quota' | 'not-found' | 'network' | 'permission' | 'internal';

/**
 * Why something failed, finer than the code: the UI words reason X as the locale key `err_X`,
 * filling in `params` (named in the comment beside each). The English `message` is for logs.
 */
export const ERROR_REASONS = [
  'unreachable', // host: the request did not get an answer
  'timeout', // host, seconds
  'http-status', // host, status
  'too-large', // host, mb (what was read or declared), limitMb
  'not-a-digest', // host: a 200 whose body is no digest (an HTML error page, …)
  'redirect-other-host', // host: a redirect that may leave the host is not followed (params.to: where, when the fetch can tell; a browser never does)
  'too-many-redirects', // host, max: more than max redirects in a row on the same host
  'no-permission', // origin: the host permission is not granted (or was revoked)
  'checksum-mismatch', // url: an index's sha256 does not match the file
  'bad-index', // host: an index file that is not the index format
  'not-https', // only https addresses
  'bad-url', // url: not a URL
  'bad-template', // placeholder: an unknown `{…}` or a mix of kinds
  'bad-days', // min, max
  'duplicate-subscription', // url: already subscribed
  'unknown-subscription', // id
  'unknown-source', // id
  'no-entries', // name: the file yields no digest entry
  'empty', // name
  'binary', // name
  'not-utf8', // name
  'quota', // the browser has no storage left
  'database', // the cache's IndexedDB failed (damaged, closed, unreadable)
  'sync-quota', // count: storage.sync is full (its quotas); the list is kept in this browser, count subscriptions not synced
  'sync-failed', // count: storage.sync refused the write otherwise (sync off, …); kept in this browser
] as const;
export type ErrorReason = (typeof ERROR_REASONS)[number];

export type Reply<T extends MessageType> = { ok: true; value: ProtocolMap[T]['answer'] } | { ok: false; error: ErrorInfo };

export class ProtocolError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly reason?: ErrorReason,
    readonly params?: Record<string, string | number>,
  ) {
    super(message);
    this.name = 'ProtocolError';
  }

  toInfo(): ErrorInfo {
    return { code: this.code, message: this.message, ...(this.reason ? { reason: this.reason } : {}), ...(this.params ? { params: this.params } : {}) };
  }
}

export const MESSAGE_TYPES: ReadonlySet<string> = new Set<MessageType>([
  'lookup', 'lookupMany', 'coverage', 'coverageOfMonths', 'search', 'importDigest', 'importUrl', 'listSources', 'renameSource',
  'deleteSource', 'exportAll', 'counts', 'ping',
  'reorderSources',
  'listSubscriptions', 'subscribe', 'unsubscribe', 'pauseSubscription', 'resumeSubscription', 'refreshSubscription', 'setSubscriptionSettings',
]);

/**
 * Sends one message and unwraps the answer; a refusal comes back as a ProtocolError.
 * `send` is `browser.runtime.sendMessage`, passed in so that this module has no browser import.
 */
export async function call<T extends MessageType>(
  send: (message: unknown) => Promise<unknown>,
  type: T,
  data: ProtocolMap[T]['data'],
): Promise<ProtocolMap[T]['answer']> {
  const reply = (await send({ type, data })) as Reply<T> | undefined;
  if (!reply || typeof reply !== 'object') throw new ProtocolError('internal', 'no answer from the background');
  if (!reply.ok) throw new ProtocolError(reply.error.code, reply.error.message, reply.error.reason, reply.error.params);
  return reply.value;
}

/**
 * What a subscription is: the reader's choice (kept in storage.sync, so the reader's other
 * browsers pick it up), and what this browser knows of it (its state, in storage.local; what
 * each fetched file was, in IndexedDB). The entries live in one digest per subscription.
 */
import { storage } from 'wxt/utils/storage';
import {
  DATED_DAYS,
  ProtocolError,
  REFRESH_INTERVALS,
  RETENTION_DAYS,
  SUBSCRIPTIONS_STAMP_KEY,
  type ErrorInfo,
  type ProtocolMap,
  type SubscriptionKind,
  type SubscriptionSettings,
  type SubscriptionsAnswer,
  type SubscriptionView,
} from '../../lib/messaging';
import { SyncedSubscriptionList } from './synced-list';

/** The reader's choice, as synced: one storage.sync item each (8 KB at most an item, 100 KB in all). */
export interface SubscriptionSpec {
  id: string;
  name: string;
  kind: SubscriptionKind;
  url: string;
  days?: number;
  catalogId?: string;
  addedAt: number;
  /** Paused by the reader (synced: a pause applies everywhere). */
  paused?: boolean;
}

/** What this browser knows of a subscription (storage.local, not synced). */
export interface SubscriptionStatus {
  sourceId: number | null;
  lastChecked: number | null;
  lastChanged: number | null;
  lastSuccess: number | null;
  /** Failures in a row, for the back-off. */
  failures: number;
  error?: ErrorInfo;
  staleSince: number | null;
  /** The host permission is missing: paused until it is granted again. */
  permissionMissing?: boolean;
  fetching?: boolean;
  progress?: { done: number; total: number };
  /** A fixed URL that turned out to be an index. */
  isIndex?: boolean;
}

export const DEFAULT_SETTINGS: SubscriptionSettings = { interval: 6, retentionDays: 0, perPaper: false };

/** The list, one storage.sync item per subscription, with a copy in storage.local (synced-list.ts). */
export const subscriptionList = new SyncedSubscriptionList();
export const subscriptionSettings = storage.defineItem<SubscriptionSettings>('sync:subscriptionSettings', { fallback: DEFAULT_SETTINGS, version: 1 });
export const subscriptionStatus = storage.defineItem<Record<string, SubscriptionStatus>>('local:subscriptionStatus', { fallback: {} });
export const subscriptionsStamp = storage.defineItem<number>(SUBSCRIPTIONS_STAMP_KEY as `local:${string}`, { fallback: 0 });

export function emptyStatus(): SubscriptionStatus {
  return { sourceId: null, lastChecked: null, lastChanged: null, lastSuccess: null, failures: 0, staleSince: null };
}

/** Settings repaired field by field: one bad stored value does not reset the others. */
export function validSettings(v: Partial<SubscriptionSettings> | null | undefined, base: SubscriptionSettings = DEFAULT_SETTINGS): SubscriptionSettings {
  return {
    interval: REFRESH_INTERVALS.includes(v?.interval as never) ? v!.interval! : base.interval,
    retentionDays: RETENTION_DAYS.includes(v?.retentionDays as never) ? v!.retentionDays! : base.retentionDays,
    perPaper: typeof v?.perPaper === 'boolean' ? v.perPaper : base.perPaper,
  };
}

const PLACEHOLDERS = ['date', 'id', 'yy', 'mm'] as const;

/**
 * A URL or template checked and its kind told: https only, placeholders known, `{date}` alone
 * (dated) or `{id}` with `{yy}`/`{mm}` (per paper), never both.
 */
export function checkTemplate(raw: string, kind?: SubscriptionKind): { url: string; kind: SubscriptionKind; host: string } {
  const url = raw.trim();
  const used = [...url.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1]);
  for (const p of used) if (!PLACEHOLDERS.includes(p as never)) throw new ProtocolError('bad-message', `unknown placeholder {${p}}`, 'bad-template', { placeholder: `{${p}}` });
  if (/[{}]/.test(url.replace(/\{(date|id|yy|mm)\}/g, ''))) throw new ProtocolError('bad-message', 'unbalanced braces', 'bad-template', { placeholder: '{' });
  const dated = used.includes('date');
  const perPaper = used.some((p) => p === 'id' || p === 'yy' || p === 'mm');
  if (dated && perPaper) throw new ProtocolError('bad-message', '{date} and {id} cannot be mixed', 'bad-template', { placeholder: '{date}' });
  if (perPaper && !used.includes('id')) throw new ProtocolError('bad-message', 'a per-paper template needs {id}', 'bad-template', { placeholder: '{id}' });
  let parsed: URL;
  try {
    parsed = new URL(url.replace(/\{(date|id|yy|mm)\}/g, 'x'));
  } catch {
    throw new ProtocolError('bad-message', `"${raw}" is not a URL`, 'bad-url', { url: raw.slice(0, 200) });
  }
  if (parsed.protocol !== 'https:') throw new ProtocolError('bad-message', 'only https:// addresses are subscribed to', 'not-https');
  if (/[{}]/.test(parsed.host) || url.indexOf('{') !== -1 && url.indexOf('{') < url.indexOf(parsed.host) + parsed.host.length) {
    throw new ProtocolError('bad-message', 'placeholders belong in the path', 'bad-template', { placeholder: used[0] ? `{${used[0]}}` : '{' });
  }
  const told: SubscriptionKind = dated ? 'dated' : perPaper ? 'per-paper' : kind === 'index' ? 'index' : 'fixed';
  if (kind && kind !== told) throw new ProtocolError('bad-message', `a ${kind} subscription needs ${kind === 'dated' ? '{date}' : kind === 'per-paper' ? '{id}' : 'no placeholder'}`, 'bad-template', { placeholder: kind === 'dated' ? '{date}' : '{id}' });
  return { url, kind: told, host: parsed.host };
}

export function checkDays(days: number | undefined): number {
  if (days === undefined) return DATED_DAYS.default;
  if (!Number.isInteger(days) || days < DATED_DAYS.min || days > DATED_DAYS.max) {
    throw new ProtocolError('bad-message', `days must be ${DATED_DAYS.min}–${DATED_DAYS.max}`, 'bad-days', { min: DATED_DAYS.min, max: DATED_DAYS.max });
  }
  return days;
}

/** The host permission pattern a URL needs. */
export function originPatternOf(url: string): string {
  return `https://${new URL(url.replace(/\{(date|id|yy|mm)\}/g, 'x')).host}/*`;
}

/** The URL of one day (`YYYY-MM-DD`) or one paper. */
export function fillTemplate(template: string, values: { date?: string; id?: string }): string {
  const id = values.id ?? '';
  // The month of a new-style id (2608.00053 → 26, 08); old-style ids (hep-th/9901001) → 99, 01.
  const digits = /(\d{2})(\d{2})[.\d]/.exec(id.includes('/') ? id.split('/')[1] : id);
  return template
    .replaceAll('{date}', values.date ?? '')
    .replaceAll('{id}', id)
    .replaceAll('{yy}', digits?.[1] ?? '')
    .replaceAll('{mm}', digits?.[2] ?? '');
}

/** The name a subscription gets when the reader gives none: its host and the file's path. */
export function defaultName(url: string): string {
  const u = new URL(url.replace(/\{(date|id|yy|mm)\}/g, (m) => `__${m.slice(1, -1)}__`));
  const path = decodeURIComponent(u.pathname).replace(/__(date|id|yy|mm)__/g, '{$1}');
  return `${u.host}${path}`.slice(0, 200);
}

/** What the message handlers ask of the subscriptions. */
export interface SubscriptionService {
  list(): Promise<SubscriptionsAnswer>;
  subscribe(d: ProtocolMap['subscribe']['data']): Promise<SubscriptionView>;
  unsubscribe(id: string, keepEntries: boolean): Promise<{ removed: number }>;
  pause(id: string): Promise<SubscriptionView>;
  resume(id: string): Promise<SubscriptionView>;
  refresh(id: string | undefined, wait: boolean): Promise<SubscriptionView[]>;
  setSettings(d: Partial<SubscriptionSettings>): Promise<SubscriptionSettings>;
  /** Per-paper subscriptions asked for one paper; true when something new was stored. */
  lookupPerPaper(id: string): Promise<boolean>;
}

/** A subscription's view, from its spec, its status and its settings. */
export function viewOf(spec: SubscriptionSpec, st: SubscriptionStatus, entriesHeld: number, nextCheck: number | null): SubscriptionView {
  const pausedBy = spec.paused ? 'reader' : st.permissionMissing ? 'permission' : undefined;
  const state: SubscriptionView['state'] = pausedBy ? 'paused' : st.fetching ? 'fetching' : st.error ? (st.lastSuccess ? 'stale' : 'error') : 'ok';
  return {
    id: spec.id,
    name: spec.name,
    kind: st.isIndex && spec.kind === 'fixed' ? 'index' : spec.kind,
    url: spec.url,
    ...(spec.catalogId ? { catalogId: spec.catalogId } : {}),
    originPattern: originPatternOf(spec.url),
    sourceId: st.sourceId,
    ...(spec.days ? { days: spec.days } : {}),
    entriesHeld,
    lastChecked: st.lastChecked,
    lastChanged: st.lastChanged,
    nextCheck: pausedBy ? null : nextCheck,
    state,
    ...(pausedBy ? { pausedBy } : {}),
    ...(st.error ? { error: st.error } : {}),
    staleSince: st.error ? st.staleSince : null,
    ...(st.fetching && st.progress ? { progress: st.progress } : {}),
  };
}

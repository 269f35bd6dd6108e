/**
 * The subscriptions at work: fetching what is due, merging it into each subscription's digest,
 * recording state and errors, reconciling the synced list. No browser API is touched directly:
 * the worker passes them in (tests pass fakes), except storage (wxt's, faked in tests).
 */
import { isBareNewId, parseArxivId } from '../../lib/arxiv/ids';
import { decodeDigest, DigestError } from '../../lib/digest/parse';
import { DATED_DAYS, ProtocolError, type ErrorInfo, type ProtocolMap, type SubscriptionSettings, type SubscriptionView } from '../../lib/messaging';
import type { DigestDb, FetchRow } from '../../storage/db';
import { contentHash, deleteSource, detachSource, digestRefusal, mergeEntries, removeEntries } from '../cache';
import { parseInSlices } from '../parse-slices';
import { fetchFile, type FetchOutcome } from './fetcher';
import { isIndex, parseIndex } from '../../lib/digest-index';
import { catalogName } from './catalog';
import { nextCheckOf } from './schedule';
import {
  checkDays,
  checkTemplate,
  defaultName,
  emptyStatus,
  fillTemplate,
  originPatternOf,
  subscriptionList,
  subscriptionSettings,
  subscriptionsStamp,
  subscriptionStatus,
  validSettings,
  viewOf,
  type SubscriptionService,
  type SubscriptionSpec,
  type SubscriptionStatus,
} from './sources';

const DAY_MS = 86_400_000;
/** A per-paper 404 is believed for a day. */
export const MISSING_PAPER_MS = DAY_MS;
/** Dated series: the last days looked at again on every refresh (files land hours late). */
const RECHECK_DAYS = 2;

export interface EngineDeps {
  db: DigestDb;
  fetchImpl?: typeof fetch;
  /** permissions.contains for an origin pattern. */
  hasPermission: (originPattern: string) => Promise<boolean>;
  now?: () => number;
  /** Called after the cache changed (open tabs look their papers up again). */
  onCacheChanged?: () => void | Promise<void>;
  /** Called after any schedule-relevant change (the worker sets the next alarm). */
  onScheduleChanged?: () => void | Promise<void>;
  newId?: () => string;
}

/** `YYYY-MM-DD` of a UTC day. */
export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The last `n` days, today first. */
export function lastDays(now: number, n: number): string[] {
  return Array.from({ length: n }, (_, i) => isoDay(now - i * DAY_MS));
}

const unknownSubscription = (id: string) => new ProtocolError('not-found', `no subscription ${id}`, 'unknown-subscription', { id });

export class SubscriptionEngine implements SubscriptionService {
  private running = new Map<string, Promise<void>>();
  private readonly now: () => number;

  constructor(private readonly deps: EngineDeps) {
    this.now = deps.now ?? Date.now;
  }

  // ---- state ----

  private async status(id: string): Promise<SubscriptionStatus> {
    return (await subscriptionStatus.getValue())[id] ?? emptyStatus();
  }

  /** Status writes go one after another: two refreshes at once must not lose each other's. */
  private statusWrites: Promise<unknown> = Promise.resolve();
  private patchStatus(id: string, patch: Partial<SubscriptionStatus> | null | ((was: SubscriptionStatus) => Partial<SubscriptionStatus>)): Promise<void> {
    const write = this.statusWrites.then(async () => {
      const all = { ...(await subscriptionStatus.getValue()) };
      const was = all[id] ?? emptyStatus();
      if (patch === null) delete all[id];
      else all[id] = { ...was, ...(typeof patch === 'function' ? patch(was) : patch) };
      await subscriptionStatus.setValue(all);
      await subscriptionsStamp.setValue(this.now());
    });
    this.statusWrites = write.catch(() => {});
    return write;
  }

  private async specs(): Promise<SubscriptionSpec[]> {
    const list = await subscriptionList.getValue();
    return Array.isArray(list) ? list : [];
  }

  async settings(): Promise<SubscriptionSettings> {
    return validSettings(await subscriptionSettings.getValue());
  }

  private async spec(id: string): Promise<SubscriptionSpec> {
    const s = (await this.specs()).find((x) => x.id === id);
    if (!s) throw unknownSubscription(id);
    return s;
  }

  private async view(spec: SubscriptionSpec, settings?: SubscriptionSettings): Promise<SubscriptionView> {
    const st = await this.status(spec.id);
    const source = st.sourceId === null ? undefined : await this.deps.db.sources.get(st.sourceId);
    return viewOf(spec, st, source?.entryCount ?? 0, nextCheckOf(spec, st, settings ?? (await this.settings())));
  }

  async list(): Promise<ProtocolMap['listSubscriptions']['answer']> {
    await this.statusWrites;
    const [specs, settings, all, syncProblem] = await Promise.all([this.specs(), this.settings(), subscriptionStatus.getValue(), subscriptionList.problem()]);
    const subscriptions = await Promise.all(specs.map((s) => this.view(s, settings)));
    const checked = Object.values(all).map((s) => s.lastChecked ?? 0);
    const last = Math.max(0, ...checked);
    return { subscriptions, settings, lastRefreshed: last || null, ...(syncProblem ? { syncProblem } : {}) };
  }

  // ---- the reader's actions ----

  async subscribe(d: ProtocolMap['subscribe']['data']): Promise<SubscriptionView> {
    const { url, kind } = checkTemplate(d.url, d.kind);
    const days = kind === 'dated' ? checkDays(d.days) : undefined;
    const spec: SubscriptionSpec = {
      id: this.deps.newId?.() ?? crypto.randomUUID(),
      name: d.name?.trim().slice(0, 200) || catalogName(d.catalogId, url) || defaultName(url),
      kind,
      url,
      ...(days ? { days } : {}),
      ...(d.catalogId ? { catalogId: d.catalogId } : {}),
      addedAt: this.now(),
    };
    // Checked and added in one step of the list's queue: a second subscribe at the same time
    // sees this one (and is refused if it is the same address).
    await subscriptionList.update((specs) => {
      if (specs.some((s) => s.url === url)) throw new ProtocolError('bad-message', `already subscribed to ${url}`, 'duplicate-subscription', { url });
      return [...specs, spec];
    });
    // Marked as fetching at once, so that the answer and the list show it from the start.
    await this.patchStatus(spec.id, { ...emptyStatus(), fetching: kind !== 'per-paper' });
    const done = this.refreshOne(spec.id);
    if (d.wait) await done;
    else void done;
    return this.view(spec);
  }

  async unsubscribe(id: string, keepEntries: boolean): Promise<{ removed: number }> {
    await subscriptionList.update((specs) => {
      if (!specs.some((s) => s.id === id)) throw unknownSubscription(id);
      return specs.filter((s) => s.id !== id);
    });
    return this.forget(id, keepEntries);
  }

  /** This browser's part of a subscription removed: its state, its fetches, its digest unless kept. */
  private async forget(id: string, keepEntries: boolean): Promise<{ removed: number }> {
    const { db } = this.deps;
    await this.running.get(id)?.catch(() => {});
    const sources = await db.sources.filter((s) => s.subscriptionId === id).toArray();
    let removed = 0;
    for (const s of sources) {
      if (keepEntries) await detachSource(db, s.id);
      else removed += (await deleteSource(db, s.id)).removed;
    }
    await db.fetches.where('subscriptionId').equals(id).delete();
    await this.patchStatus(id, null);
    if (sources.length) await this.deps.onCacheChanged?.();
    return { removed };
  }

  private async setPaused(id: string, paused: boolean): Promise<SubscriptionView> {
    const specs = await subscriptionList.update((specs) => {
      if (!specs.some((s) => s.id === id)) throw unknownSubscription(id);
      return specs.map((s) => (s.id === id ? { ...s, paused } : s));
    });
    await this.patchStatus(id, {});
    await this.deps.onScheduleChanged?.();
    return this.view(specs.find((s) => s.id === id)!);
  }

  pause(id: string): Promise<SubscriptionView> {
    return this.setPaused(id, true);
  }

  async resume(id: string): Promise<SubscriptionView> {
    const view = await this.setPaused(id, false);
    void this.refreshOne(id);
    return view;
  }

  async refresh(id: string | undefined, wait: boolean): Promise<SubscriptionView[]> {
    const specs = id ? [await this.spec(id)] : await this.specs();
    // "Refresh all" leaves paused ones alone; a paused one refreshed by name is fetched once.
    const done = Promise.all(specs.filter((s) => s.kind !== 'per-paper' && (id || !s.paused)).map((s) => this.refreshOne(s.id, true)));
    if (wait) await done;
    else void done;
    const settings = await this.settings();
    return Promise.all(specs.map((s) => this.view(s, settings)));
  }

  async setSettings(d: Partial<SubscriptionSettings>): Promise<SubscriptionSettings> {
    const next = validSettings(d, await this.settings());
    await subscriptionSettings.setValue(next);
    await subscriptionsStamp.setValue(this.now());
    await this.deps.onScheduleChanged?.();
    return next;
  }

  // ---- the schedule's side ----

  /** Every subscription whose next check has come (alarm, browser start). */
  async refreshDue(): Promise<void> {
    const settings = await this.settings();
    const now = this.now();
    const due: string[] = [];
    for (const spec of await this.specs()) {
      if (spec.kind === 'per-paper') continue;
      const next = nextCheckOf(spec, await this.status(spec.id), settings);
      if (next !== null && next <= now) due.push(spec.id);
    }
    await Promise.all(due.map((id) => this.refreshOne(id)));
  }

  /** The earliest next check of all, for the alarm. */
  async earliestCheck(): Promise<number | null> {
    const settings = await this.settings();
    let min: number | null = null;
    for (const spec of await this.specs()) {
      if (spec.kind === 'per-paper') continue;
      const next = nextCheckOf(spec, await this.status(spec.id), settings);
      if (next !== null && (min === null || next < min)) min = next;
    }
    return min;
  }

  /**
   * The synced list changed (another browser, or this one): new subscriptions are fetched,
   * removed ones forgotten here. Also run at worker start.
   */
  async reconcile(): Promise<void> {
    const specs = await this.specs();
    const ids = new Set(specs.map((s) => s.id));
    const known = await subscriptionStatus.getValue();
    const orphans = new Set(Object.keys(known).filter((id) => !ids.has(id)));
    for (const s of await this.deps.db.sources.filter((s) => !!s.subscriptionId && !ids.has(s.subscriptionId)).toArray()) orphans.add(s.subscriptionId!);
    for (const id of orphans) await this.forget(id, false);
    for (const spec of specs) if (!known[spec.id]) void this.refreshOne(spec.id);
  }

  /** A host permission was granted again or revoked: pause or resume what needs it. */
  async permissionsChanged(): Promise<void> {
    for (const spec of await this.specs()) {
      const has = await this.deps.hasPermission(originPatternOf(spec.url));
      const st = await this.status(spec.id);
      if (!has && !st.permissionMissing) await this.patchStatus(spec.id, { permissionMissing: true });
      if (has && st.permissionMissing) {
        await this.patchStatus(spec.id, { permissionMissing: false, error: undefined });
        void this.refreshOne(spec.id);
      }
    }
    await this.deps.onScheduleChanged?.();
  }

  // ---- fetching ----

  /** One refresh of a subscription at a time; a second asks joins the first. */
  refreshOne(id: string, byReader = false): Promise<void> {
    const running = this.running.get(id);
    if (running) return running;
    const run = this.doRefresh(id, byReader).finally(() => this.running.delete(id));
    this.running.set(id, run);
    return run;
  }

  private async doRefresh(id: string, byReader: boolean): Promise<void> {
    const spec = (await this.specs()).find((s) => s.id === id);
    if (!spec || (spec.paused && !byReader) || spec.kind === 'per-paper') {
      if (spec) await this.patchStatus(id, { fetching: false });
      return;
    }
    const origin = originPatternOf(spec.url);
    if (!(await this.deps.hasPermission(origin))) {
      await this.patchStatus(id, { permissionMissing: true, fetching: false });
      return;
    }
    await this.patchStatus(id, { fetching: true, permissionMissing: false, progress: { done: 0, total: 1 } });
    const settings = await this.settings();
    let outcome: { changed: number; error?: ErrorInfo; isIndex?: boolean };
    try {
      outcome = spec.kind === 'dated' ? await this.refreshDated(spec) : await this.refreshFile(spec);
      if (settings.retentionDays) outcome.changed += await this.applyRetention(spec, settings.retentionDays);
    } catch (err) {
      outcome = { changed: 0, error: err instanceof ProtocolError ? err.toInfo() : { code: 'internal', message: String(err) } };
    }
    const now = this.now();
    const st = await this.status(id);
    const failed = !!outcome.error;
    await this.patchStatus(id, {
      fetching: false,
      progress: undefined,
      lastChecked: now,
      ...(outcome.changed ? { lastChanged: now } : {}),
      ...(failed
        ? { error: outcome.error, failures: st.failures + 1, staleSince: st.staleSince ?? now, permissionMissing: outcome.error!.reason === 'no-permission' }
        : { error: undefined, failures: 0, staleSince: null, lastSuccess: now }),
      ...(outcome.isIndex ? { isIndex: true } : {}),
    });
    if (outcome.changed) await this.deps.onCacheChanged?.();
    await this.deps.onScheduleChanged?.();
  }

  private fetch(url: string, row: FetchRow | undefined, conditional = true): Promise<FetchOutcome> {
    return fetchFile(url, {
      fetchImpl: this.deps.fetchImpl,
      validators: conditional && row?.status === 'ok' ? { etag: row.etag, lastModified: row.lastModified } : undefined,
      hasPermission: (u) => this.deps.hasPermission(originPatternOf(u.href)),
    });
  }

  /**
   * One file fetched and, when it changed, parsed (in slices) and merged (one transaction).
   * A 304 or the same body again rewrites nothing.
   */
  private async takeFile(spec: SubscriptionSpec, url: string, date: string, opts: { emptyIsFine?: boolean; sha256?: string; row?: FetchRow; unconditional?: boolean } = {}): Promise<{ changed: number; missing?: boolean; error?: ErrorInfo; bytes?: Uint8Array }> {
    const { db } = this.deps;
    const row = opts.row ?? (await db.fetches.get(url));
    const got = await this.fetch(url, row, !opts.unconditional);
    const now = this.now();
    if (got.kind === 'failed') return { changed: 0, error: got.error };
    if (got.kind === 'missing') {
      await db.fetches.put({ url, subscriptionId: spec.id, status: 'missing', checkedAt: now, date });
      return { changed: 0, missing: true };
    }
    if (got.kind === 'not-modified') {
      if (row) await db.fetches.put({ ...row, checkedAt: now });
      return { changed: 0 };
    }
    const host = new URL(url).host;
    if (opts.sha256 && (await sha256Hex(got.bytes)) !== opts.sha256.toLowerCase()) {
      return { changed: 0, error: { code: 'invalid-digest', reason: 'checksum-mismatch', message: `${url} does not match its sha256`, params: { url } } };
    }
    let text: string;
    try {
      text = decodeDigest(got.bytes);
    } catch (err) {
      if (err instanceof DigestError && err.code === 'empty' && opts.emptyIsFine) return { changed: 0 };
      if (err instanceof DigestError) return { changed: 0, error: digestRefusal(err, host, got.bytes.byteLength).toInfo() };
      throw err;
    }
    const hash = contentHash(text);
    const base: FetchRow = { url, subscriptionId: spec.id, status: 'ok', checkedAt: now, date, hash, ...got.validators };
    if (row?.status === 'ok' && row.hash === hash) {
      await db.fetches.put({ ...row, ...base, ids: row.ids });
      return { changed: 0, bytes: got.bytes };
    }
    if (isIndex(text)) return { changed: 0, bytes: got.bytes };
    const parsed = await parseInSlices(text);
    if (!parsed.entries.length) {
      // cn-chat-arxiv's category files are empty at weekends: the held entries stay.
      if (opts.emptyIsFine && text.length < 4096) {
        await db.fetches.put({ ...base, ids: [] });
        return { changed: 0 };
      }
      return { changed: 0, error: { code: 'invalid-digest', reason: 'not-a-digest', message: `${host} sent a file with no digest entry`, params: { host } } };
    }
    const st = await this.status(spec.id);
    const merged = await mergeEntries(db, { sourceId: st.sourceId, subscriptionId: spec.id, name: spec.name, url: spec.url }, parsed.entries, now);
    if (merged.sourceId !== st.sourceId) await this.patchStatus(spec.id, { sourceId: merged.sourceId });
    await db.fetches.put({ ...base, ids: parsed.entries.map((e) => e.arxivId) });
    return { changed: merged.changed };
  }

  private async refreshFile(spec: SubscriptionSpec): Promise<{ changed: number; error?: ErrorInfo; isIndex?: boolean }> {
    const today = isoDay(this.now());
    // An index is small and asked for in full: after a 304 the files that failed last time
    // would not be looked at again until the index itself changed.
    const index = spec.kind === 'index' || (await this.status(spec.id)).isIndex;
    const first = await this.takeFile(spec, spec.url, today, { emptyIsFine: true, unconditional: index });
    if (first.error || !first.bytes) return first;
    const text = new TextDecoder().decode(first.bytes);
    if (!isIndex(text)) return first;
    return { ...(await this.refreshIndex(spec, text)), isIndex: true };
  }

  private async refreshIndex(spec: SubscriptionSpec, text: string): Promise<{ changed: number; error?: ErrorInfo }> {
    const host = new URL(spec.url).host;
    const index = parseIndex(text, spec.url);
    if (!index) return { changed: 0, error: { code: 'invalid-digest', reason: 'bad-index', message: `${host} sent an index that is not the index format`, params: { host } } };
    const { db } = this.deps;
    const todo: typeof index.files = [];
    for (const f of index.files) {
      const row = await db.fetches.get(f.url);
      if (!row || row.status !== 'ok') todo.push(f);
    }
    return this.takeAll(spec, todo.map((f) => ({ url: f.url, date: f.date, sha256: f.sha256 })));
  }

  private async refreshDated(spec: SubscriptionSpec): Promise<{ changed: number; error?: ErrorInfo }> {
    const { db } = this.deps;
    const days = lastDays(this.now(), spec.days ?? DATED_DAYS.default);
    const todo: Array<{ url: string; date: string }> = [];
    for (const [i, date] of days.entries()) {
      const url = fillTemplate(spec.url, { date });
      const row = await db.fetches.get(url);
      // Held days and days without a file are not asked again, except the last two.
      if (!row || i < RECHECK_DAYS) todo.push({ url, date });
    }
    return this.takeAll(spec, todo);
  }

  /** Files fetched two at a time (the fetcher's limit), with progress; the first error is kept. */
  private async takeAll(spec: SubscriptionSpec, files: Array<{ url: string; date: string; sha256?: string }>): Promise<{ changed: number; error?: ErrorInfo }> {
    let done = 0;
    let changed = 0;
    let error: ErrorInfo | undefined;
    await this.patchStatus(spec.id, { progress: { done, total: files.length } });
    await Promise.all(
      files.map(async (f) => {
        const r = await this.takeFile(spec, f.url, f.date, { sha256: f.sha256 });
        changed += r.changed;
        error ??= r.error;
        done++;
        await this.patchStatus(spec.id, { progress: { done, total: files.length } });
      }),
    );
    return { changed, error };
  }

  /** Entries of files older than the retention, unless a newer file of the subscription has them. */
  private async applyRetention(spec: SubscriptionSpec, keepDays: number): Promise<number> {
    const { db } = this.deps;
    const st = await this.status(spec.id);
    if (st.sourceId === null) return 0;
    const cutoff = isoDay(this.now() - keepDays * DAY_MS);
    const rows = await db.fetches.where('subscriptionId').equals(spec.id).toArray();
    const old = rows.filter((r) => r.date < cutoff);
    if (!old.length) return 0;
    const kept = new Set(rows.filter((r) => r.date >= cutoff).flatMap((r) => r.ids ?? []));
    const ids = [...new Set(old.flatMap((r) => r.ids ?? []))].filter((id) => !kept.has(id));
    const removed = await removeEntries(db, st.sourceId, ids);
    // Forgotten, but not fetched again: a dated series only looks at its last N days.
    await db.fetches.bulkPut(old.map((r) => ({ ...r, ids: [] })));
    return removed;
  }

  // ---- per paper ----

  async lookupPerPaper(raw: string): Promise<boolean> {
    // The bare id (no version, no URL): anything else would make a wrong file's URL.
    const id = isBareNewId(raw) ? raw : parseArxivId(raw)?.id;
    if (!id || !(await this.settings()).perPaper) return false;
    const specs = (await this.specs()).filter((s) => s.kind === 'per-paper' && !s.paused);
    let found = false;
    for (const spec of specs) {
      const url = fillTemplate(spec.url, { id });
      const row = await this.deps.db.fetches.get(url);
      if (row?.status === 'ok') continue;
      if (row?.status === 'missing' && this.now() - row.checkedAt < MISSING_PAPER_MS) continue;
      if (!(await this.deps.hasPermission(originPatternOf(spec.url)))) {
        await this.patchStatus(spec.id, { permissionMissing: true });
        continue;
      }
      const r = await this.takeFile(spec, url, isoDay(this.now()), { row });
      if (r.changed) found = true;
      // The reader's panel waits for this answer: the entry is written, so the subscription's
      // state (storage.local) and the other tabs' signal follow it instead of going before it.
      // (Queued at once: list() waits for the queued state writes.)
      const now = this.now();
      const recorded = this.patchStatus(spec.id, (st) => ({
        lastChecked: now,
        ...(r.changed ? { lastChanged: now } : {}),
        ...(r.error ? { error: r.error, failures: st.failures + 1, staleSince: st.staleSince ?? now } : { error: undefined, failures: 0, staleSince: null, lastSuccess: now }),
      }));
      void recorded.then(() => (r.changed ? this.deps.onCacheChanged?.() : undefined)).catch((err) => console.error('[arxiv-digest] per-paper state not recorded:', err));
    }
    return found;
  }
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}


/**
 * The reader's list of subscriptions, kept in storage.sync so that their other browsers pick
 * it up: one item per subscription (`sub.<id>`), since storage.sync holds at most 8 KB in one
 * item (QUOTA_BYTES_PER_ITEM 8,192), 512 items and 100 KB in all. A copy of the whole list is
 * kept in storage.local: when a write to storage.sync fails (a quota, sync turned off), this
 * browser goes on with its copy and says so (`syncProblem`), and the next write tries again.
 *
 * Order is the order of subscribing (`addedAt`): no item holds the whole list.
 *
 * Changes go through `update(fn)`, which reads and writes in one queue, so that two changes at
 * once (two clicks, the popup and the options page) do not lose one another. A write removes
 * from storage.sync only the subscriptions this browser has seen and dropped: one another
 * browser added in between (also while this browser goes on with its own copy) stays.
 */
import { browser } from 'wxt/browser';
import type { ErrorInfo } from '../../lib/messaging';
import type { SubscriptionSpec } from './sources';

/** Where each subscription is synced: `sub.<id>`. */
export const ITEM_PREFIX = 'sub.';
/** The list as one item, before it was split (read, and moved to items at the next write). */
export const LEGACY_KEY = 'subscriptions';
const LOCAL_COPY = 'subscriptionsLocalCopy';
const LOCAL_PROBLEM = 'subscriptionsSyncProblem';
/** Ids removed here whose item storage.sync refused to remove: removed again at the next write. */
const LOCAL_REMOVED = 'subscriptionsRemovedHere';

/** storage.sync's limits (chrome.storage.sync.QUOTA_BYTES…), as documented. */
export const SYNC_LIMITS = { bytesPerItem: 8192, items: 512, bytes: 102_400 } as const;

/** The storage.area calls used (browser.storage.sync; a test may enforce the quotas on it). */
type Area = Pick<typeof browser.storage.sync, 'get' | 'set' | 'remove'>;

export interface SyncProblem {
  /** How many subscriptions this browser holds that storage.sync does not. */
  notSynced: number;
  since: number;
  error: ErrorInfo;
}

const isSpec = (v: unknown): v is SubscriptionSpec => !!v && typeof v === 'object' && typeof (v as SubscriptionSpec).id === 'string' && typeof (v as SubscriptionSpec).url === 'string';
const byAdded = (a: SubscriptionSpec, b: SubscriptionSpec) => a.addedAt - b.addedAt || a.id.localeCompare(b.id);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function isQuotaError(err: unknown): boolean {
  return /QUOTA_BYTES|MAX_ITEMS|MAX_WRITE_OPERATIONS|quota/i.test(err instanceof Error ? err.message : String(err));
}

export class SyncedSubscriptionList {
  private writes: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly sync: () => Area = () => browser.storage.sync,
    private readonly local: () => Area = () => browser.storage.local,
    private readonly now: () => number = Date.now,
  ) {}

  /** What storage.sync holds: the items, and the old single item's specs that no item replaced. */
  private async synced(): Promise<{ specs: SubscriptionSpec[]; keys: Record<string, SubscriptionSpec>; legacy: boolean }> {
    const all = (await this.sync().get(null)) as Record<string, unknown>;
    const keys: Record<string, SubscriptionSpec> = {};
    for (const [k, v] of Object.entries(all)) if (k.startsWith(ITEM_PREFIX) && isSpec(v)) keys[k] = v;
    const specs = Object.values(keys);
    const old = all[LEGACY_KEY];
    const legacy = Array.isArray(old);
    if (legacy) for (const s of old as unknown[]) if (isSpec(s) && !keys[ITEM_PREFIX + s.id]) specs.push(s);
    return { specs: specs.sort(byAdded), keys, legacy };
  }

  async problem(): Promise<SyncProblem | null> {
    const got = (await this.local().get(LOCAL_PROBLEM)) as Record<string, SyncProblem | undefined>;
    return got[LOCAL_PROBLEM] ?? null;
  }

  /** This browser's copy of the list (what it last wrote), or null before its first write. */
  private async localCopy(): Promise<SubscriptionSpec[] | null> {
    const got = (await this.local().get(LOCAL_COPY)) as Record<string, unknown>;
    const copy = got[LOCAL_COPY];
    return Array.isArray(copy) ? copy.filter(isSpec) : null;
  }

  private async removedHere(): Promise<string[]> {
    const got = (await this.local().get(LOCAL_REMOVED)) as Record<string, unknown>;
    const ids = got[LOCAL_REMOVED];
    return Array.isArray(ids) ? ids.filter((x): x is string => typeof x === 'string') : [];
  }

  /**
   * The list, read outside the queue: storage.sync's; while writing to it fails, this
   * browser's copy and what other browsers added to storage.sync since (not what was removed here).
   */
  private async read(): Promise<SubscriptionSpec[]> {
    const synced = (await this.synced()).specs;
    if (!(await this.problem())) return synced;
    const copy = await this.localCopy();
    if (!copy) return synced;
    const [removed, known] = [new Set(await this.removedHere()), new Set(copy.map((s) => s.id))];
    return [...copy, ...synced.filter((s) => !known.has(s.id) && !removed.has(s.id))].sort(byAdded);
  }

  /** The list, once the queued writes are done. */
  async getValue(): Promise<SubscriptionSpec[]> {
    await this.writes;
    return this.read();
  }

  /** Writes the list as it is given (a change made from a list read before: see `update`). */
  setValue(list: SubscriptionSpec[]): Promise<void> {
    return this.queue(async () => void (await this.write(list, [])));
  }

  /**
   * Reads the list, changes it with `fn` and writes what it returns, with no other write in
   * between. What `fn` throws is thrown here, and nothing is written.
   */
  update(fn: (list: SubscriptionSpec[]) => SubscriptionSpec[] | Promise<SubscriptionSpec[]>): Promise<SubscriptionSpec[]> {
    return this.queue(async () => {
      const was = await this.read();
      const next = await fn(was);
      await this.write(next, was.map((s) => s.id));
      return [...next].sort(byAdded);
    });
  }

  private queue<T>(job: () => Promise<T>): Promise<T> {
    const run = this.writes.then(job);
    this.writes = run.catch(() => {});
    return run;
  }

  /**
   * This browser's copy first, then each changed subscription's item. An item is removed only
   * when its id was in this browser's previous copy, in `seen` (the list `update` read) or
   * among the removals storage.sync refused before: never one this browser has not seen.
   */
  private async write(list: SubscriptionSpec[], seen: string[]): Promise<void> {
    const specs = [...list].sort(byAdded);
    const before = new Set([...((await this.localCopy()) ?? []).map((s) => s.id), ...seen, ...(await this.removedHere())]);
    await this.local().set({ [LOCAL_COPY]: specs });
    const { keys, legacy } = await this.synced();
    const wanted = new Map(specs.map((s) => [ITEM_PREFIX + s.id, s]));
    let failure: unknown = null;
    let notSynced = 0;
    // Removals first: they make room.
    const gone = Object.keys(keys).filter((k) => !wanted.has(k) && before.has(k.slice(ITEM_PREFIX.length)));
    const goneIds = gone.map((k) => k.slice(ITEM_PREFIX.length));
    try {
      if (gone.length) await this.sync().remove(gone);
      await this.local().remove(LOCAL_REMOVED);
    } catch (err) {
      failure ??= err;
      await this.local().set({ [LOCAL_REMOVED]: goneIds });
    }
    for (const [key, spec] of wanted) {
      if (same(keys[key], spec)) continue;
      try {
        await this.sync().set({ [key]: spec });
      } catch (err) {
        failure ??= err;
        notSynced++;
      }
    }
    // The old single item goes once every subscription has its own (removing it before would
    // show another browser an empty list in between).
    if (legacy && !failure) {
      try {
        await this.sync().remove([LEGACY_KEY, `${LEGACY_KEY}$`]); // and wxt's version mark of it
      } catch (err) {
        failure ??= err;
      }
    }
    if (failure) {
      const was = await this.problem();
      const message = failure instanceof Error ? failure.message : String(failure);
      const problem: SyncProblem = {
        notSynced: Math.max(notSynced, 1),
        since: was?.since ?? this.now(),
        error: { code: 'quota', reason: isQuotaError(failure) ? 'sync-quota' : 'sync-failed', message: `storage.sync: ${message}`, params: { count: Math.max(notSynced, 1) } },
      };
      await this.local().set({ [LOCAL_PROBLEM]: problem });
    } else {
      await this.local().remove(LOCAL_PROBLEM);
    }
  }

  /** Called when the synced list changes (another browser, or this one). */
  watch(cb: () => void): () => void {
    const listener = (changes: Record<string, unknown>, area: string) => {
      if (area === 'sync' && Object.keys(changes).some((k) => k.startsWith(ITEM_PREFIX) || k === LEGACY_KEY)) cb();
    };
    browser.storage.onChanged.addListener(listener);
    return () => browser.storage.onChanged.removeListener(listener);
  }
}

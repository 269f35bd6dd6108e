/**
 * The reader's list of subscriptions, kept in storage.sync so that their other browsers pick
 * it up: one item per subscription (`sub.<id>`), since storage.sync holds at most 8 KB in one
 * item (QUOTA_BYTES_PER_ITEM 8,192), 512 items and 100 KB in all. A copy of the whole list is
 * kept in storage.local: when a write to storage.sync fails (a quota, sync turned off), this
 * browser goes on with its copy and says so (`syncProblem`), and the next write tries again.
 *
 * Order is the order of subscribing (`addedAt`): no item holds the whole list.
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

  /** The list: storage.sync's, or this browser's copy while writing to storage.sync fails. */
  async getValue(): Promise<SubscriptionSpec[]> {
    await this.writes;
    if (await this.problem()) {
      const got = (await this.local().get(LOCAL_COPY)) as Record<string, unknown>;
      const copy = got[LOCAL_COPY];
      if (Array.isArray(copy)) return copy.filter(isSpec);
    }
    return (await this.synced()).specs;
  }

  /** Writes the list: this browser's copy first, then each changed subscription's item. */
  setValue(list: SubscriptionSpec[]): Promise<void> {
    const write = this.writes.then(() => this.write(list));
    this.writes = write.catch(() => {});
    return write;
  }

  private async write(list: SubscriptionSpec[]): Promise<void> {
    const specs = [...list].sort(byAdded);
    await this.local().set({ [LOCAL_COPY]: specs });
    const { keys, legacy } = await this.synced();
    const wanted = new Map(specs.map((s) => [ITEM_PREFIX + s.id, s]));
    let failure: unknown = null;
    let notSynced = 0;
    // Removals first: they make room.
    const gone = Object.keys(keys).filter((k) => !wanted.has(k));
    try {
      if (gone.length) await this.sync().remove(gone);
    } catch (err) {
      failure ??= err;
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

/**
 * Keeps the hot copy (lib/hot-copy.ts) in `storage.local`: the answers for the papers the reader
 * opened lately and for the newest papers held, so that a paper page shows its panel without
 * waiting for a stopped worker to start.
 *
 * Agreeing with the cache is the point, so the copy is switched off before the cache changes
 * and on again after it has been rebuilt:
 * - a Dexie middleware sees every write to the tables a look-up reads (`blocks`, `sources`). At
 *   a transaction's first write, before the write is sent, it removes `hotValid`; content
 *   scripts then ask the background, as they would without a hot copy;
 * - once no write transaction is running and none has started for `settleMs`, the copy is
 *   rebuilt: the answers are read again, only the ones that changed are written, the ones no
 *   longer chosen removed, and `hotValid` set back, unless a write began meanwhile (then it
 *   starts over).
 * `storage.onChanged` sends every write to every arXiv tab, so a daily refresh writes its new
 * papers, not the whole copy again.
 */
import { HOT_FORMAT, HOT_INDEX, HOT_MONTH_COUNT, HOT_MONTHS, HOT_PREFIX, HOT_RECENT, HOT_VALID, hotKey, type HotMonth, type HotValid } from '../lib/hot-copy';
import { unionMonthBitsOf } from '../lib/sorted-lines';
import type { LookupHit } from '../lib/messaging';
import type { CoverageRow, DigestDb } from '../storage/db';
import { contentHash, lookupMany } from './cache';

export interface HotStore {
  /** `null`: everything (only to sweep keys no index lists). */
  get(keys: string[] | null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

export interface HotLimits {
  /** Answers held at most (the reader's recent papers count among them). */
  entries: number;
  /** Their size at most, in UTF-8 bytes of JSON, as Chrome counts `storage.local`'s 10 MB quota. */
  bytes: number;
  /** Papers the reader opened that are kept first. */
  recent: number;
  /** Quiet time after the last write before the copy is rebuilt (a refresh writes in several transactions). */
  settleMs: number;
}

/**
 * ~2,000 answers: about a week of a busy category's new papers (cs.AI brings 300–500 a day),
 * ~1.2–2 KB each, so ~3 MB of the 10 MB that `storage.local` may hold without `unlimitedStorage`.
 */
export const HOT_LIMITS: HotLimits = { entries: 2000, bytes: 3_000_000, recent: 200, settleMs: 1000 };

/** The tables a look-up's answer is made of. */
const ANSWER_TABLES: ReadonlySet<string> = new Set(['blocks', 'sources']);

/** A hash of an answer's JSON (64 bits and the length), to tell a changed answer from the one stored. */
export const answerHash = contentHash;

const utf8Length = (s: string): number => {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x800) n += c >= 0xd800 && c < 0xe000 ? 1 : 2; // 3 bytes; a surrogate pair, 2 + 2
    else if (c >= 0x80) n += 1;
  }
  return n;
};

/** `YYMM` as a number that sorts by date (arXiv began in 1991: `9108` is 1991, `0704` is 2007). */
function monthRank(month: string): number {
  const yy = Number(month.slice(0, 2));
  return Number.isFinite(yy) ? (yy >= 91 ? 1900 + yy : 2000 + yy) * 100 + Number(month.slice(2, 4)) : -1;
}

/** The digests as a look-up sees them: which, in what order, under what names. Checked at a worker start. */
async function sourcesSignature(db: DigestDb): Promise<string> {
  const rows = await db.sources.toArray();
  return answerHash(JSON.stringify(rows.map((s) => [s.id, s.name, s.rank, s.hash, s.entryCount]).sort((a, b) => (a[0] as number) - (b[0] as number))));
}

/** The cache's months, newest first, and their coverage rows (read once each, when first asked). */
interface CoverageByMonth {
  months: string[];
  rowsOf(month: string): Promise<CoverageRow[]>;
}

export interface RebuildReport {
  held: number;
  written: number;
  removed: number;
  bytes: number;
  /** False when a write to the cache began meanwhile (the copy stays off; another rebuild follows). */
  valid: boolean;
}

export class HotCopy {
  /** Write transactions begun (each counts once, at its first write to an answer table). */
  private seq = 0;
  private inFlight = 0;
  private readonly seen = new WeakSet<object>();
  /** Whether `hotValid` is in storage: null until known. */
  private validInStore: boolean | null = null;
  /** What the stored copy holds: id → hash of its answer ('' while being written). */
  private index: Record<string, string> | null = null;
  private recent: string[] | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private lastReport: RebuildReport | null = null;
  private recentSaving: Promise<void> = Promise.resolve();

  /** The `hotMonths` last written (JSON), null when not known (a new worker). */
  private monthsJson: string | null = null;

  /** Bytes held, as of the last rebuild and the answers added since. */
  private bytes = 0;
  private disposed = false;

  constructor(
    private readonly db: DigestDb,
    private readonly store: HotStore,
    private readonly limits: HotLimits = HOT_LIMITS,
    /** The extension's version (a copy made by another version is rebuilt at the start). */
    private readonly version = '',
  ) {
    // Before the database opens: a middleware cannot be added to an open one.
    db.use({
      stack: 'dbcore',
      name: 'HotCopy',
      create: (down) => ({
        ...down,
        table: (name) => {
          const table = down.table(name);
          if (!ANSWER_TABLES.has(name)) return table;
          return {
            ...table,
            mutate: (req) => {
              this.writing(req.trans as unknown as IDBTransaction);
              return table.mutate(req);
            },
          };
        },
      }),
    });
  }

  /** A write transaction's first write: the copy goes off at once, before the write is sent. */
  private writing(trans: IDBTransaction): void {
    if (this.seen.has(trans)) return;
    this.seen.add(trans);
    this.seq++;
    this.inFlight++;
    if (this.validInStore !== false) {
      this.validInStore = false;
      void this.store.remove(HOT_VALID).catch((err) => console.error('[arxiv-digest] the hot copy could not be switched off:', err));
    }
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      this.inFlight--;
      if (!this.inFlight) this.schedule();
    };
    trans.addEventListener('complete', end);
    trans.addEventListener('abort', end);
  }

  private schedule(): void {
    if (this.disposed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.rebuild().catch((err) => console.error('[arxiv-digest] the hot copy was not rebuilt:', err));
    }, this.limits.settleMs);
  }

  /**
   * At the worker's start, once the bundled digest is seeded: the stored copy is kept if it is
   * still on and was made from these digests (a database emptied behind our back, or restored
   * from another profile, is caught here); else it is rebuilt.
   */
  async start(ready: Promise<unknown>): Promise<void> {
    await ready.catch(() => {});
    const seqAtRead = this.seq;
    try {
      const stored = await this.store.get([HOT_VALID, HOT_INDEX, HOT_RECENT]);
      const index = indexOf(stored[HOT_INDEX]);
      this.recent ??= recentOf(stored[HOT_RECENT]);
      const valid = stored[HOT_VALID] as Partial<HotValid> | undefined;
      // An index that does not say what is stored (malformed, or lost while answers were
      // there): every `hot:` key goes, so that none is left that no rebuild would correct.
      const swept = !index.whole || (!!valid && !(HOT_INDEX in stored));
      if (swept) await this.sweep();
      else this.index ??= index.ids;
      const signature = valid ? await sourcesSignature(this.db) : null;
      // A write began meanwhile: it switched the copy off, and its end rebuilds it.
      if (this.seq !== seqAtRead) return;
      if (valid && !swept && typeof valid.at === 'number' && valid.format === HOT_FORMAT && valid.version === this.version && valid.sources === signature) {
        this.validInStore ??= true;
        return;
      }
      if (valid && !swept) await this.switchOff();
    } catch (err) {
      // The database cannot be read (or storage refused): the copy must not answer for it.
      await this.switchOff().catch(() => {});
      throw err;
    }
    if (!this.inFlight) await this.rebuild();
  }

  private async switchOff(): Promise<void> {
    this.validInStore = false;
    await this.store.remove(HOT_VALID);
  }

  /** Removes `hotValid`, the index and every `hot:` key (one read of the whole storage area). */
  private async sweep(): Promise<void> {
    this.validInStore = false;
    const all = await this.store.get(null);
    const keys = Object.keys(all).filter((k) => k.startsWith(HOT_PREFIX));
    await this.store.remove([HOT_VALID, HOT_INDEX, HOT_MONTHS, ...keys]);
    this.index = {};
  }

  /** Stops its timer (tests: a worker that is gone). */
  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** The stored index and recent papers, read once a worker (start() may have read them already). */
  private async load(): Promise<{ index: Record<string, string>; recent: string[] }> {
    if (!this.index || !this.recent) {
      const stored = await this.store.get([HOT_INDEX, HOT_RECENT]);
      this.index ??= indexOf(stored[HOT_INDEX]).ids;
      this.recent ??= recentOf(stored[HOT_RECENT]);
    }
    return { index: this.index, recent: this.recent };
  }

  /** The write count now: pass it back to `shown` with an answer read after it. */
  mark(): number {
    return this.seq;
  }

  /**
   * The reader opened this paper (an abstract, HTML or PDF page) and the background answered
   * `hit`, read after `mark`. It goes first among the recent papers, and into the copy at once
   * if the copy is on and nothing was written since the answer was read.
   */
  async shown(id: string, hit: LookupHit, mark: number): Promise<void> {
    const { index: held, recent: before } = await this.load();
    const recent = [id, ...before.filter((x) => x !== id)].slice(0, this.limits.recent);
    const moved = recent.join('\n') !== before.join('\n');
    this.recent = recent;
    if (moved) {
      const list = recent;
      this.recentSaving = this.recentSaving.then(() => this.store.set({ [HOT_RECENT]: list })).catch((err) => console.error('[arxiv-digest] recent papers not kept:', err));
    }
    if (id in held) return;
    // A rebuild under way chose its papers before this one: it goes round again, with it.
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.validInStore !== true || mark !== this.seq || this.inFlight) return;
    const json = JSON.stringify(hit);
    const size = utf8Length(json) + hotKey(id).length;
    // Full: a rebuild makes room (the oldest of the newest papers gives way).
    if (Object.keys(held).length >= this.limits.entries || this.bytes + size > this.limits.bytes) return this.schedule();
    this.bytes += size;
    const index = { ...held, [id]: answerHash(json) };
    this.index = index;
    await this.store.set({ [hotKey(id)]: hit, [HOT_INDEX]: index });
  }

  /** The cache's months, newest first, and their coverage rows, each month read once a rebuild. */
  private async coverageByMonth(): Promise<CoverageByMonth> {
    const keys = (await this.db.coverage.toCollection().primaryKeys()) as Array<[string, number]>;
    const months = [...new Set(keys.map(([m]) => m))].sort((a, b) => monthRank(b) - monthRank(a));
    const read = new Map<string, Promise<CoverageRow[]>>();
    const rowsOf = (month: string) => {
      let rows = read.get(month);
      if (!rows) read.set(month, (rows = this.db.coverage.where('month').equals(month).toArray()));
      return rows;
    };
    return { months, rowsOf };
  }

  /** The papers the copy should hold, in order of preference: the recent ones, then the newest. */
  private async chosenIds(coverage: CoverageByMonth): Promise<string[]> {
    const wanted = new Set(this.recent ?? []);
    // Enough ids for the answers to fill the limits, with room for the ones the budget turns down.
    for (const month of coverage.months) {
      if (wanted.size >= this.limits.entries) break;
      const rows = await coverage.rowsOf(month);
      const ids = [...new Set(rows.flatMap((r) => (r.ids ? r.ids.split('\n') : [])))].sort().reverse();
      for (const id of ids) {
        if (wanted.size >= this.limits.entries) break;
        wanted.add(id);
      }
    }
    return [...wanted];
  }

  /**
   * The newest HOT_MONTH_COUNT months of the cache, each with the ids any digest covers as one
   * bitset. A month with an id the bits cannot say (old-style) is left out: its listing asks.
   */
  private async monthsNow(coverage: CoverageByMonth): Promise<HotMonth[]> {
    const out: HotMonth[] = [];
    for (const month of coverage.months.filter((m) => /^\d{4}$/.test(m)).slice(0, HOT_MONTH_COUNT)) {
      const bits = unionMonthBitsOf((await coverage.rowsOf(month)).map((r) => r.ids ?? ''), month);
      if (bits) out.push({ month, ...bits });
    }
    return out;
  }

  /** Rebuilds the copy now (the background calls it once writes have settled); one at a time. */
  rebuild(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    const run = async () => {
      do {
        this.again = false;
        if (this.inFlight) return; // the transaction's end schedules the next one
        this.lastReport = await this.rebuildOnce();
        if (!this.lastReport.valid) this.again = true;
      } while (this.again);
    };
    // Cleared by the promise, not inside the function: one that ends before its first await
    // would clear `running` before it had been set.
    const running = run();
    this.running = running;
    void running.then(
      () => this.running === running && (this.running = null),
      () => this.running === running && (this.running = null),
    );
    return running;
  }

  /** What is under way (tests). */
  state(): { writing: number; rebuildWaiting: boolean; rebuilding: boolean } {
    return { writing: this.inFlight, rebuildWaiting: !!this.timer, rebuilding: !!this.running };
  }

  /** The last rebuild's figures (tests, benchmark). */
  report(): RebuildReport | null {
    return this.lastReport;
  }

  /** Resolves once no rebuild is waiting or running (tests, benchmark). */
  async settled(): Promise<void> {
    while (this.timer || this.running || this.inFlight) {
      if (this.running) await this.running.catch(() => {});
      // A task, not a microtask: a transaction's end and the timer come as tasks.
      await new Promise((r) => setTimeout(r, this.timer ? this.limits.settleMs : 1));
    }
  }

  private async rebuildOnce(): Promise<RebuildReport> {
    const seq = this.seq;
    const stale = (): boolean => seq !== this.seq || this.inFlight > 0;
    // Not changed by shown() while this runs (it leaves a paper to the next round).
    const { index: held } = await this.load();
    const coverage = await this.coverageByMonth();
    const ids = await this.chosenIds(coverage);
    const [hits, sources, months] = await Promise.all([lookupMany(this.db, ids), sourcesSignature(this.db), this.monthsNow(coverage)]);
    const monthsJson = JSON.stringify(months);
    const report: RebuildReport = { held: 0, written: 0, removed: 0, bytes: 0, valid: false };
    if (stale()) return report;

    const next: Record<string, string> = {};
    const writes: Record<string, LookupHit> = {};
    for (let i = 0; i < ids.length; i++) {
      // A look-up waiting meanwhile is answered between slices (~4 ms each).
      if (i && i % 250 === 0) {
        await new Promise((r) => setTimeout(r, 0));
        if (stale()) return report;
      }
      const id = ids[i];
      const hit = hits[id];
      if (!hit) continue;
      const json = JSON.stringify(hit);
      const size = utf8Length(json) + hotKey(id).length;
      if (report.bytes + size > this.limits.bytes) continue;
      report.bytes += size;
      const hash = answerHash(json);
      next[id] = hash;
      if (held[id] !== hash) writes[hotKey(id)] = hit;
    }
    const dropped = Object.keys(held).filter((id) => !(id in next));
    const written = Object.keys(writes);
    report.held = Object.keys(next).length;
    report.written = written.length;
    report.removed = dropped.length;

    // Nothing changed and nothing was written since the copy was last on: nothing to send to every tab.
    if (!written.length && !dropped.length && this.validInStore === true && monthsJson === this.monthsJson) {
      this.bytes = report.bytes;
      return { ...report, valid: true };
    }
    if (written.length || dropped.length) {
      // Marked as being written (or removed) first: a worker stopped halfway, or a rebuild cut
      // short by a write, leaves them to be written or removed by the next rebuild.
      const marked = { ...held };
      for (const key of written) marked[key.slice(HOT_PREFIX.length)] = '';
      for (const id of dropped) marked[id] = '';
      this.index = marked;
      await this.store.set({ [HOT_INDEX]: marked });
      // In slices: one set of 3 MB would hold the worker while it is copied.
      for (let i = 0; i < written.length; i += 200) {
        if (stale()) return report;
        await this.store.set(Object.fromEntries(written.slice(i, i + 200).map((k) => [k, writes[k]])));
      }
      if (dropped.length) await this.store.remove(dropped.map(hotKey));
    }
    if (stale()) return report;
    const valid: HotValid = { at: Date.now(), format: HOT_FORMAT, version: this.version, sources };
    this.index = next;
    this.bytes = report.bytes;
    // Checked just above, in the same task as this call: a write begun after it removes
    // `hotValid` after this sets it (one extension context's storage calls keep their order).
    this.validInStore = true;
    try {
      // The months in the same write as `hotValid`: a content script reads both or neither.
      this.monthsJson = monthsJson;
      await this.store.set({ [HOT_INDEX]: next, [HOT_MONTHS]: months, [HOT_VALID]: valid });
    } catch (err) {
      // Not known to be on: the next rebuild sets it again rather than taking it as on.
      this.validInStore = null;
      this.monthsJson = null;
      throw err;
    }
    report.valid = true;
    return report;
  }
}

/** The stored index: its ids and hashes, and whether it was whole (nothing in it malformed). */
function indexOf(value: unknown): { ids: Record<string, string>; whole: boolean } {
  if (value === undefined) return { ids: {}, whole: true };
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { ids: {}, whole: false };
  const entries = Object.entries(value as Record<string, unknown>);
  const ids = Object.fromEntries(entries.filter((e): e is [string, string] => typeof e[1] === 'string'));
  return { ids, whole: Object.keys(ids).length === entries.length };
}

function recentOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((x): x is string => typeof x === 'string').slice(0, 1000) : [];
}

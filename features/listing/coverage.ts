/**
 * Which of a listing's papers are covered, asked of the background in as few messages as the
 * page allows: as soon as the parser has given the first papers, one message for their months
 * (a listing's papers share a month or two; the answer then holds every covered id of those
 * months, so the rest of the page is answered without asking); after the parse, one message for
 * every paper still unknown (search results span many months; "show more" adds some). Never one
 * message per paper.
 */
import { monthOf } from '../../lib/arxiv/ids';
import type { BriefHit, MonthCoverage } from '../../lib/messaging';
import { SortedIds } from '../../lib/sorted-lines';
import type { KnownCoverage } from '../../lib/arxiv/dom';
import type { HotMonth } from '../../lib/hot-copy';

/** The background's two answers the listing uses (features/messages.ts `ask`, or a test's). */
export interface CoverageApi {
  coverageOfMonths(months: string[]): Promise<MonthCoverage[]>;
  coverage(ids: string[]): Promise<Record<string, BriefHit>>;
}

/** More months than this in the first papers: they are asked about by id instead. */
export const MAX_MONTHS = 6;

/**
 * After a failed message, the unknown papers are asked about again no sooner than this (doubling
 * with each failure in a row, up to RETRY_MAX_MS): a broken worker is not asked in a loop.
 */
export const RETRY_FIRST_MS = 2_000;
export const RETRY_MAX_MS = 60_000;

/**
 * One digest's covered ids of one month: the bitset of their numbers, read in place in `atob`'s
 * string (one character a byte; not copied into bytes first, a loop over ~12 KB a month on
 * every listing), or (old-style ids, mixed lists) the sorted ids.
 */
interface MonthRow {
  source: string;
  /** The ids' length (`2409.01234`: 10) and the bitset, when the answer sent one. */
  width?: number;
  bytes?: string;
  ids?: SortedIds;
}

/** The number of a new-style id (`2409.01234` → 1234), -1 for any other id. */
function numberOf(id: string): number {
  if (id.charCodeAt(4) !== 46) return -1;
  let n = 0;
  for (let i = 5; i < id.length; i++) {
    const c = id.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** Bit `n` of a bitset held one character a byte (past its last set byte, the string ends: not set). */
const hasBit = (bytes: string, n: number): boolean => (bytes.charCodeAt(n >> 3) & (1 << (n & 7))) !== 0;

/** What the page knows of coverage: whole months, and single ids asked about. */
class Known {
  /** Month → its digests' rows, newest digest first. */
  private months = new Map<string, MonthRow[]>();
  private ids = new Map<string, BriefHit | null>();
  private lastMonth = '';
  private lastRows: MonthRow[] | null = null;
  /** The same rows by the month as a number (`2409` → 2409), for ids read as numbers. */
  private byNumber = new Map<number, MonthRow[]>();
  /** The hot copy's months (`2409` → the union of its digests' ids as bits). */
  private unions = new Map<number, { width: number; bytes: string }>();

  addMonths(rows: MonthCoverage[], asked: string[]): void {
    this.lastRows = null;
    for (const m of asked) {
      const list: MonthRow[] = [];
      this.months.set(m, list);
      if (/^\d{4}$/.test(m)) this.byNumber.set(Number(m), list);
    }
    for (const row of rows) {
      const known: MonthRow = row.bits ? { source: row.source, width: row.bits.width, bytes: atob(row.bits.base64) } : { source: row.source, ids: new SortedIds(row.ids) };
      this.months.get(row.month)?.push(known);
    }
  }

  /**
   * The bitsets of month `yymm`'s digests for its new-style ids `width` long (lib/arxiv/dom.ts
   * `KnownCoverage`); null when the month was not asked about, or a digest sent its ids of the
   * month as a list (get() reads those).
   */
  bitsOf(yymm: number, width: number): string[] | null {
    const union = this.unions.get(yymm);
    if (union) return union.width === width ? [union.bytes] : [];
    const rows = this.byNumber.get(yymm);
    if (!rows) return null;
    const bits: string[] = [];
    for (const row of rows) {
      if (row.bytes === undefined) return null;
      if (row.width === width) bits.push(row.bytes);
    }
    return bits;
  }

  /**
   * The hot copy's months: which of their ids some digest covers, not which one. Those it rules
   * out are not covered; the others stay unknown until their month's rows are asked for. Kept
   * when those come: the rows of a month of daily digests are mostly lists of ids, which say
   * nothing to ids read as numbers (bitsOf), and the union still does.
   */
  addUnions(months: readonly HotMonth[]): void {
    for (const m of months) this.unions.set(Number(m.month), { width: m.width, bytes: atob(m.base64) });
  }

  /** False when the hot copy's union of the id's month rules it out (true for any other id). */
  private inUnion(id: string): boolean {
    if (id.charCodeAt(4) !== 46) return true;
    const union = this.unions.get(Number(id.slice(0, 4)));
    if (!union) return true;
    const n = numberOf(id);
    return id.length === union.width && n >= 0 && hasBit(union.bytes, n);
  }

  addIds(asked: string[], hits: Record<string, BriefHit>): void {
    for (const id of asked) if (!this.ids.get(id)) this.ids.set(id, hits[id] ?? null);
  }

  /** The hit, null when not covered, undefined when not known yet. */
  get(id: string): BriefHit | null | undefined {
    if (this.ids.size) {
      const known = this.ids.get(id);
      if (known !== undefined) return known;
    }
    if (this.unions.size && !this.inUnion(id)) return null;
    // A listing's papers come month by month: the last month's rows are kept at hand (no
    // month string made for each paper).
    let rows = this.lastRows;
    if (!rows || !id.startsWith(this.lastMonth) || id.charCodeAt(this.lastMonth.length) !== 46) {
      const month = monthOf(id);
      const found = this.months.get(month);
      if (!found) return undefined;
      rows = found;
      this.lastMonth = month;
      this.lastRows = found;
    }
    // The first (newest) digest that lists it answers for it. A month has a row per digest
    // (ten in a cache of ten imports): the id's number is read once, not once a row.
    let n = -2;
    for (const row of rows) {
      if (row.bytes !== undefined) {
        if (id.length !== row.width) continue;
        if (n === -2) n = numberOf(id);
        // Past the last set byte (the string ends there): not covered.
        if (n >= 0 && hasBit(row.bytes, n)) return { arxivId: id, source: row.source };
      } else if (row.ids!.has(id)) return { arxivId: id, source: row.source };
    }
    return null;
  }
}

export class ListingCoverage {
  private known = new Known();
  private first: Promise<void> | null = null;
  private failureLogged = false;
  /** Failed messages in a row, and when the unknown papers may be asked about again. */
  private failures = 0;
  private retryAt = 0;

  constructor(
    private readonly api: CoverageApi,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Failed messages in a row since the last answer (0: the last one was answered). */
  get failedInARow(): number {
    return this.failures;
  }

  /** Milliseconds until askRest will ask again after a failure (0: it asks at once). */
  retryIn(): number {
    return Math.max(0, this.retryAt - this.now());
  }

  /** The hit, null when not covered, undefined when not known (yet). */
  get(id: string): BriefHit | null | undefined {
    return this.known.get(id);
  }

  /**
   * What the hot copy says of its months (features/settings-read.ts `readListingStart`), known
   * before any message: the papers no digest covers are answered from it; a paper it does not
   * rule out makes the first message ask for its month. Forgotten at reset (the cache changed).
   */
  prime(months: readonly HotMonth[]): void {
    this.known.addUnions(months);
  }

  /** What is known of new-style ids' coverage, for reading them from a listing's text (lib/arxiv/dom.ts). */
  readonly bitsets: KnownCoverage = { bitsOf: (yymm, width) => this.known.bitsOf(yymm, width) };

  /** True once the first message has been answered (or failed), until reset. */
  answered = false;

  /** True once the first message has been sent (until reset). */
  get asked(): boolean {
    return this.first !== null;
  }

  /**
   * The first papers' months (or their ids, when they span more than MAX_MONTHS months), in one
   * message. Later calls do nothing until reset(): the rest goes in askRest's one message.
   */
  askFirst(ids: readonly string[]): void {
    if (this.first || !ids.length) return;
    const months = [...new Set(ids.map(monthOf))];
    const unique = [...new Set(ids)];
    const known = this.known;
    const answer =
      months.length <= MAX_MONTHS
        ? this.api.coverageOfMonths(months).then((rows) => known === this.known && known.addMonths(rows, months))
        : this.api.coverage(unique).then((hits) => known === this.known && known.addIds(unique, hits));
    const done = () => {
      if (known === this.known) this.answered = true;
    };
    this.first = answer.then(done, (err) => {
      done();
      // A failure from before a reset belongs to the old cache: the new one has none to back off from.
      if (known === this.known) this.failed(err);
    });
  }

  /** Resolves when the first message has been answered (at once when none was sent). */
  whenFirstAnswered(): Promise<void> {
    return this.first ?? Promise.resolve();
  }

  /**
   * Waits for the first answer, then asks in one message about those of `ids` still unknown.
   * Resolves false when the cache changed meanwhile (reset): the answer is for another cache.
   * A failed message marks nothing: the papers stay unknown (not "not covered") and are asked
   * about at a later call, once the back-off since the failure is over.
   */
  async askRest(ids: readonly string[]): Promise<boolean> {
    const known = this.known;
    await this.whenFirstAnswered();
    if (known !== this.known) return false;
    const unknown = [...new Set(ids.filter((id) => known.get(id) === undefined))];
    if (!unknown.length) return true;
    if (this.retryIn() > 0) return true; // backing off after a failure: they stay unknown
    let hits: Record<string, BriefHit>;
    try {
      hits = await this.api.coverage(unknown);
    } catch (err) {
      if (known !== this.known) return false;
      this.failed(err);
      return true;
    }
    if (known !== this.known) return false;
    this.failures = 0;
    this.retryAt = 0;
    known.addIds(unknown, hits);
    return true;
  }

  /** The cache changed: forget what was known; the next askFirst asks again. */
  reset(): void {
    this.known = new Known();
    this.first = null;
    this.answered = false;
    this.failures = 0;
    this.retryAt = 0;
  }

  /** A broken worker is not "nothing covered" in silence: logged once a page, with its code. */
  private failed(err: unknown): void {
    this.failures++;
    this.retryAt = this.now() + Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** (this.failures - 1));
    if (this.failureLogged) return;
    this.failureLogged = true;
    const code = (err as { code?: string })?.code ?? 'no-answer';
    console.warn(`[arxiv-digest] the listing's coverage could not be read (${code}):`, (err as Error)?.message ?? err);
  }
}

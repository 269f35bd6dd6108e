// @vitest-environment happy-dom
/**
 * The listing feature's pieces on their own: finding papers while a saved page arrives in
 * chunks (as the parser hands it over), asking the real cache about them in as few messages as
 * the page allows, and telling the page's changes from ours.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { fakeBrowser } from 'wxt/testing';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as cache from '../../background/cache';
import { unfoldBadge } from '../../components/Badge';
import { badgeButton } from '../../components/badge-button';
import { ListingCoverage, MAX_MONTHS, RETRY_FIRST_MS, RETRY_MAX_MS, type CoverageApi } from '../../features/listing/coverage';
import { FIRST_SCREEN_PAPERS, PaperScanner, watchPageChanges, watchParse, watchReadAhead, type NearObserver, type Sighting } from '../../features/listing/parse-watch';
import { BADGE_TAG, TITLE_TAG, UNFOLD_TAG } from '../../features/listing/tags';
import { findListedPaper, findListedPapers, idsInListingText, listedPaperOf } from '../../lib/arxiv/dom';
import { monthOf } from '../../lib/arxiv/ids';
import { exportDigest, parseDigest } from '../../lib/digest/parse';
import { openDb, type DigestDb } from '../../storage/db';
import { unionMonthBitsOf } from '../../lib/sorted-lines';
import type { HotMonth } from '../../lib/hot-copy';
import { listingPage } from '../../scripts/offline-pages.js';

const searchHtml = readFileSync(join(import.meta.dirname, '../fixtures/arxiv-pages/search_abstract-distributed-systems_size200_2025-12.html'), 'utf8');
const seed = readFileSync(join(import.meta.dirname, '../../digests/default.md'), 'utf8');

const parse = (html: string) => new DOMParser().parseFromString(html, 'text/html');
const tick = () => new Promise((r) => setTimeout(r, 0));
/** The event loop turns and a frame is drawn (its frame callbacks run), as between two of a parser's chunks. */
const frame = () => new Promise<void>((r) => requestAnimationFrame(() => setTimeout(r, 0)));

/**
 * Rebuilds `html`'s body in `into` as a parser does: node by node in document order, each
 * attached to its parent when it starts (its children follow), `chunk` nodes at a time, with
 * the event loop turning and a frame drawn between chunks (mutation observers and frame
 * callbacks are told then).
 */
async function feedInChunks(html: string, into: Document, chunk: number, afterChunk?: (n: number) => void): Promise<number> {
  const source = parse(html);
  into.body.replaceChildren();
  const order: Array<[Node, Node]> = [];
  const walk = (from: Node, parentCopy: Node) => {
    for (const child of from.childNodes) {
      if (child.nodeName === 'SCRIPT' || child.nodeName === 'STYLE') continue;
      const copy = into.importNode(child, false);
      order.push([copy, parentCopy]);
      walk(child, copy);
    }
  };
  walk(source.body, into.body);
  let chunks = 0;
  for (let i = 0; i < order.length; i += chunk) {
    for (const [copy, parent] of order.slice(i, i + chunk)) parent.appendChild(copy);
    await tick();
    await frame();
    afterChunk?.(++chunks);
  }
  return chunks;
}

/** The test's document, emptied (happy-dom's Range works in its window's own document only). */
function newDocument(): Document {
  document.body.replaceChildren();
  return document;
}

describe('finding the papers while the page arrives in chunks', () => {
  it('the saved search page (200 results): each paper once, in page order, as soon as its id is in', async () => {
    const expected = findListedPapers(parse(searchHtml)).map((p) => p.id);
    expect(expected.length).toBe(200);
    const doc = newDocument();
    const found: Sighting[] = [];
    const scanner = new PaperScanner(doc, 'search', (p) => found.push(p));
    const seenAt: number[] = [];
    let chunks = 0;
    const stop = watchParse(doc, scanner, () => seenAt.push(found.length));
    chunks = await feedInChunks(searchHtml, doc, 400, () => {});
    stop();
    // Found while arriving, not at the end: after each chunk the paper count grew with the page.
    expect(seenAt.length).toBeGreaterThan(3);
    expect(seenAt.filter((n) => n > 0 && n < expected.length).length).toBeGreaterThan(2);
    expect(chunks).toBeGreaterThan(10);
    // The pass after the parse finds whatever the last chunk left (nothing twice).
    scanner.finishParse();
    expect(found.map((p) => p.id)).toEqual(expected);
    // Each handed over with its result's element, whole once the page is.
    for (const p of found) {
      expect(p.el!.matches('li.arxiv-result')).toBe(true);
      expect(listedPaperOf(p.el!)?.anchor.textContent).toContain(p.id);
    }
  });

  it('a listing of three dl#articles sections: each paper once its id link is in, in every section', async () => {
    const ids = Array.from({ length: 90 }, (_, i) => `2410.${String(10000 + i * 7).padStart(5, '0')}`);
    const html = listingPage(ids, { sections: 3 });
    const doc = newDocument();
    const found: Sighting[] = [];
    const scanner = new PaperScanner(doc, 'listing', (p) => found.push(p));
    const counts: number[] = [];
    const stop = watchParse(doc, scanner, () => counts.push(found.length));
    await feedInChunks(html, doc, 37);
    stop();
    // Every paper of every section was found by the watcher itself but perhaps the very last.
    expect(found.length).toBeGreaterThanOrEqual(ids.length - 1);
    scanner.finishParse();
    expect(found.map((p) => p.id)).toEqual(ids);
    // Read as text, with the section it is in; its elements are found when it is badged.
    for (const p of found) {
      expect(p.el).toBeNull();
      const paper = findListedPaper(doc, p.list!, p.id)!;
      expect(paper.id).toBe(p.id);
      expect(paper.container.tagName).toBe('DD');
    }
    expect(new Set(found.map((p) => p.list)).size).toBe(3);
    // Papers went in across many chunks, in order.
    expect(counts.filter((n, i) => i > 0 && n > counts[i - 1]).length).toBeGreaterThan(5);
  });

  it('an id mentioned in an entry is read too, and found on the page only when it is listed there', () => {
    const doc = parse(listingPage(['2410.00531', '2409.18869'], { sections: 1 }));
    doc.querySelector('dd p.mathjax')!.textContent = 'We extend arXiv:2301.00001 and arXiv:2409.18869.';
    const list = doc.querySelector('dl#articles')!;
    const text = list.textContent!;
    expect(idsInListingText(text)).toEqual(['2410.00531', '2301.00001', '2409.18869', '2409.18869']);
    expect(findListedPaper(doc, list, '2301.00001')).toBeNull();
    expect(findListedPaper(doc, list, '2409.18869')?.anchor.getAttribute('href')).toBe('/abs/2409.18869');
    // Old-style ids print as such; four-digit numbers before 2015; a version is not part of the id.
    expect(idsInListingText('[3] arXiv:chao-dyn/9510015 [pdf] arXiv:math.GT/0309136')).toEqual(['chao-dyn/9510015', 'math/0309136']);
    expect(idsInListingText('arXiv:0704.0001 arXiv:2410.00531v2 arXiv:1412.1234')).toEqual(['0704.0001', '2410.00531', '1412.1234']);
    // What is no id is not read as one.
    expect(idsInListingText('arXiv:2410.005311 arXiv:2413.00001 arXiv:1501.1234 arXiv: arXiv:')).toEqual([]);
    expect(idsInListingText('arXiv:1412.12345 arXiv:0703.0001 arXiv:2400.00001 arXiv:2410.0053 arXiv:24l0.00531 arXiv:2410-00531 arXiv:2410.00')).toEqual([]);
    // An id at the very end of the text, and one the text cuts short.
    expect(idsInListingText('arXiv:2410.00531 arXiv:1501.00001')).toEqual(['2410.00531', '1501.00001']);
    expect(idsInListingText('arXiv:2410.0053')).toEqual([]);
  });

  it('forget(): after the cache changed, the next pass hands every paper over again', async () => {
    const doc = parse(listingPage(['2410.00531', '2409.18869']));
    const found: string[] = [];
    const scanner = new PaperScanner(doc, 'listing', (p) => found.push(p.id));
    scanner.scanAll();
    scanner.scanAll();
    expect(found).toEqual(['2410.00531', '2409.18869']);
    scanner.forget();
    scanner.scanAll();
    expect(found).toEqual(['2410.00531', '2409.18869', '2410.00531', '2409.18869']);
  });
});

describe("the page's changes, not ours", () => {
  const page = () => {
    const doc = parse(listingPage(['2410.00531', '2409.18869']));
    let changes = 0;
    // As the listing feature watches it: its sections, and the entries it badged.
    const entries: Element[] = [];
    const watch = watchPageChanges(doc, () => ({ lists: [...doc.querySelectorAll('dl')], entries }), () => changes++);
    const badged = (entry: Element) => (entries.push(entry), watch.sync());
    return { doc, changes: () => changes, stop: watch.stop, badged };
  };

  it('our badges, titles and unfolds coming and going are not a change; folding never re-renders', async () => {
    const { doc, changes, stop } = page();
    const dd = doc.querySelector('dd')!;
    for (const tag of [BADGE_TAG, UNFOLD_TAG, TITLE_TAG]) dd.append(doc.createElement(tag));
    await tick();
    expect(changes()).toBe(0);
    // Folding removes our unfold: the page did nothing.
    dd.querySelector(UNFOLD_TAG)!.remove();
    dd.querySelector(TITLE_TAG)!.remove();
    await tick();
    expect(changes()).toBe(0);
    stop();
  });

  it('what MathJax typesets into the titles after load is not a change (it would look at every paper again)', async () => {
    const { doc, changes, stop } = page();
    const title = doc.querySelector('.list-title')!;
    const mjx = doc.createElement('mjx-container');
    mjx.append(doc.createElement('mjx-math'), doc.createElement('span'));
    title.append(mjx, doc.createTextNode(' '));
    await tick();
    expect(changes()).toBe(0);
    // A section added in a wrapper is one.
    const wrapper = doc.createElement('div');
    wrapper.innerHTML = listingPage(['2410.02740']).match(/<dl id="articles">[\s\S]*?<\/dl>/)![0];
    doc.getElementById('dlpage')!.append(wrapper);
    await tick();
    expect(changes()).toBe(1);
    stop();
  });

  it('what MathJax typesets into entries that hold no badge of ours is not even handed to the watcher', async () => {
    let delivered = 0;
    const Real = globalThis.MutationObserver;
    vi.stubGlobal(
      'MutationObserver',
      class extends Real {
        constructor(callback: MutationCallback) {
          super((records, observer) => {
            delivered += records.length;
            callback(records, observer);
          });
        }
      },
    );
    try {
      const { doc, changes, stop, badged } = page();
      const typeset = (el: Element) => {
        const mjx = doc.createElement('mjx-container');
        mjx.append(doc.createElement('mjx-math'));
        el.append(mjx);
      };
      for (const title of doc.querySelectorAll('.list-title')) typeset(title);
      await tick();
      expect(delivered).toBe(0);
      // A badged entry is watched whole: what changes in it is handed over, and is no change.
      const dt = doc.querySelector('dt')!;
      badged(dt);
      typeset(dt.querySelector('.list-identifier') ?? dt);
      await tick();
      expect(delivered).toBe(1);
      expect(changes()).toBe(0);
      stop();
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('the page removing a badge of ours, or adding entries, is a change (once per burst)', async () => {
    const { doc, changes, stop, badged } = page();
    const dd = doc.querySelector('dd')!;
    dd.append(doc.createElement(BADGE_TAG));
    badged(dd);
    await tick();
    dd.querySelector(BADGE_TAG)!.remove();
    await tick();
    expect(changes()).toBe(1);
    const dl = doc.querySelector('dl')!;
    for (let i = 0; i < 5; i++) dl.append(doc.createElement('dt'), doc.createElement('dd'));
    await tick();
    expect(changes()).toBe(2);
    stop();
  });
});

describe('coverage from the real cache, in as few messages as the page allows', () => {
  let db: DigestDb;
  let calls: Array<[string, string[]]>;
  let api: CoverageApi;
  beforeEach(async () => {
    db = openDb(new IDBFactory(), IDBKeyRange);
    await cache.importDigest(db, seed, { name: 'seed.md', origin: 'file' });
    calls = [];
    api = {
      coverageOfMonths: (months) => (calls.push(['coverageOfMonths', months]), cache.coverageOfMonths(db, months)),
      coverage: (ids) => (calls.push(['coverage', ids]), cache.coverage(db, ids)),
    };
  });

  it('a listing fed in chunks: one message for the first papers’ months, one more at most for the rest', async () => {
    const covered = ['2409.18869', '2409.17692', '2410.00531', '2410.01215'];
    const others = ['2409.99902', '2410.99901', '2410.99903', '2411.99904'];
    const ids = [covered[0], others[0], covered[1], others[1], covered[2], others[2], covered[3], others[3]];
    for (const chunk of [12, 40, 100_000]) {
      calls = [];
      const doc = newDocument();
      const coverage = new ListingCoverage(api);
      const waiting: string[] = [];
      let firstAsked: string[] = [];
      const scanner = new PaperScanner(doc, 'listing', (p) => waiting.push(p.id));
      const stop = watchParse(doc, scanner, () => {
        if (coverage.asked || !waiting.length) return;
        firstAsked = [...waiting];
        coverage.askFirst(waiting);
      });
      await feedInChunks(listingPage(ids, { sections: 3 }), doc, chunk);
      stop();
      scanner.scanAll();
      expect(await coverage.askRest(waiting)).toBe(true);
      // The first message: the months of what was parsed when it left, before the page was all in.
      expect(firstAsked.length).toBeGreaterThan(0);
      expect(calls[0]).toEqual(['coverageOfMonths', [...new Set(firstAsked.map(monthOf))]]);
      // Papers of those months cost nothing more; the others one message for all of them.
      const rest = ids.filter((id) => !calls[0][1].includes(monthOf(id)));
      expect(calls.slice(1)).toEqual(rest.length ? [['coverage', rest]] : []);
      expect(ids.filter((id) => coverage.get(id))).toEqual(covered);
      expect(others.map((id) => coverage.get(id))).toEqual([null, null, null, null]);
      expect(coverage.get(covered[0])).toEqual({ arxivId: covered[0], source: 'seed.md' });
    }
  });

  it('the first message carries the first paper; the text waits for its answer, then only the papers it does not rule out are handed over', async () => {
    const entries = parseDigest(seed).entries;
    const coveredIds = Array.from({ length: 300 }, (_, i) => `2503.${String(10 * i + 5).padStart(5, '0')}`);
    await cache.importDigest(db, exportDigest(coveredIds.map((arxivId, i) => ({ ...entries[i % entries.length], arxivId }))), { name: 'm.md', origin: 'file' });
    // 120 papers of 2503, every fourth covered, then two of a month not asked about.
    const ids = [...Array.from({ length: 120 }, (_, i) => `2503.${String(i % 4 ? 10 * i + 7 : 10 * i + 5).padStart(5, '0')}`), '2504.00001', '2504.00002'];
    const covered = ids.filter((id) => coveredIds.includes(id));
    let release = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const slow: CoverageApi = { ...api, coverageOfMonths: async (months) => (await gate, api.coverageOfMonths(months)) };
    const doc = newDocument();
    const coverage = new ListingCoverage(slow);
    const handed: string[] = [];
    const scanner = new PaperScanner(doc, 'listing', (p) => handed.push(p.id), { known: coverage.bitsets, hold: () => coverage.asked && !coverage.answered });
    let firstAsked: string[] = [];
    const stop = watchParse(doc, scanner, () => {
      if (coverage.asked || !handed.length) return;
      firstAsked = [...handed];
      coverage.askFirst(handed);
    });
    let heldAt = -1;
    await feedInChunks(listingPage(ids, { sections: 2 }), doc, 40, (n) => {
      // Halfway through, the answer comes: until then nothing more was read.
      if (n === 10) {
        heldAt = handed.length;
        release();
      }
    });
    stop();
    // The first message: the first paper's month, asked before any more text was read.
    expect(firstAsked).toEqual([ids[0]]);
    expect(heldAt).toBe(1);
    await coverage.whenFirstAnswered();
    scanner.finishParse();
    // The first papers, then of the rest only the covered ones and those of 2504 (not asked about).
    const rest = ids.slice(firstAsked.length);
    expect(handed).toEqual([...firstAsked, ...rest.filter((id) => covered.includes(id) || id.startsWith('2504.'))]);
    expect(handed.filter((id) => coverage.get(id))).toEqual(covered);
  });

  it('a month several digests cover: each paper is answered by the newest digest that lists it, the others are not covered', async () => {
    const entries = parseDigest(seed).entries;
    const digest = (ids: string[]) => exportDigest(ids.map((arxivId, i) => ({ ...entries[i % entries.length], arxivId })));
    // 400 ids close together go as a bitset; two far apart as ids: one row of each.
    const older = Array.from({ length: 400 }, (_, i) => `2503.${String(i + 1).padStart(5, '0')}`);
    await cache.importDigest(db, digest(older), { name: 'older.md', origin: 'file' });
    await cache.importDigest(db, digest(['2503.00100', '2503.54321']), { name: 'newer.md', origin: 'file' });
    const coverage = new ListingCoverage(api);
    coverage.askFirst(['2503.00001']);
    await coverage.whenFirstAnswered();
    const rows = await api.coverageOfMonths(['2503']);
    expect(rows.length).toBe(2);
    expect(rows.map((r) => !!r.bits).sort()).toEqual([false, true]);
    const source = (id: string) => coverage.get(id)?.source ?? coverage.get(id);
    expect(['2503.00001', '2503.00100', '2503.00400', '2503.54321'].map(source)).toEqual(['older.md', 'newer.md', 'older.md', 'newer.md']);
    expect(['2503.00401', '2503.99999', '2503.0010', '2503.000100', '2504.00001'].map((id) => coverage.get(id))).toEqual([null, null, null, null, undefined]);
  });

  it("ids read from the text are left out when the months' bitsets rule them out, exactly those get() answers null for", async () => {
    const entries = parseDigest(seed).entries;
    const digest = (ids: string[]) => exportDigest(ids.map((arxivId, i) => ({ ...entries[i % entries.length], arxivId })));
    // Two digests of 2503 as bitsets (400 ids close together each), and 1412's four-digit ids.
    const a = Array.from({ length: 400 }, (_, i) => `2503.${String(2 * i + 1).padStart(5, '0')}`);
    const b = Array.from({ length: 400 }, (_, i) => `2503.${String(1000 + i).padStart(5, '0')}`);
    const c = Array.from({ length: 400 }, (_, i) => `1412.${String(i + 1).padStart(4, '0')}`);
    for (const [ids, name] of [[a, 'a.md'], [b, 'b.md'], [c, 'c.md']] as const) await cache.importDigest(db, digest([...ids]), { name, origin: 'file' });
    const coverage = new ListingCoverage(api);
    coverage.askFirst(['2503.00001', '1412.0001', '2409.18869']);
    await coverage.whenFirstAnswered();
    const known = coverage.bitsets;
    expect(idsInListingText('arXiv:2503.00001 arXiv:2503.00002 arXiv:2503.01005 arXiv:2503.09999', known)).toEqual(['2503.00001', '2503.01005']);
    // A month not asked about is not known: its ids are kept; a month asked about whose digest
    // sent ids, not bits (the seed's 2409), is read by get(): kept too.
    expect(idsInListingText('arXiv:2504.00001 arXiv:2503.00003 arXiv:2409.18869 arXiv:2409.99999', known)).toEqual(['2504.00001', '2503.00003', '2409.18869', '2409.99999']);
    // Same month, other lengths and what is no id: never taken for the month's ids.
    expect(idsInListingText('arXiv:2503.00001 arXiv:2503.0001 arXiv:2503.000011 arXiv:2503.00003v2 arXiv:1412.0002 arXiv:1412.00002 arXiv:1412.0999', known)).toEqual(['2503.00001', '2503.00003', '1412.0002']);
    // Against get(), over random runs of ids of these months (and old-style ids among them):
    // left out exactly when get() says not covered, but for a month a digest sent as ids (get()
    // reads those, after).
    const pool = ['2503.00001', '2503.00002', '2503.01399', '2503.01400', '2503.99999', '2503.0001', '1412.0001', '1412.0400', '1412.0401', '2409.18869', '2409.00001', '2504.00001', 'math/0309136'];
    let seedN = 7;
    const rand = (n: number) => ((seedN = (seedN * 1103515245 + 12345) % 2 ** 31), seedN % n);
    for (let round = 0; round < 200; round++) {
      const text = Array.from({ length: 1 + rand(12) }, () => `[${rand(99)}] arXiv:${pool[rand(pool.length)]}${rand(4) ? '' : 'v2'} Title\n`).join('');
      const all = idsInListingText(text);
      expect(idsInListingText(text, known)).toEqual(all.filter((id) => coverage.get(id) !== null || monthOf(id) === '2409'));
    }
  });

  /** The hot copy's months (background/hot-copy.ts): each month's union of every digest's ids. */
  const hotMonths = async (months: string[]): Promise<HotMonth[]> =>
    Promise.all(months.map(async (month) => ({ month, ...unionMonthBitsOf((await db.coverage.where('month').equals(month).toArray()).map((r) => r.ids), month)! })));

  /** A listing fed in chunks to the scanner and coverage as features/listing/index.ts wires them. */
  async function runListing(coverage: ListingCoverage, ids: string[]) {
    const doc = newDocument();
    const waiting: string[] = [];
    const scanner = new PaperScanner(doc, 'listing', (p) => void (coverage.get(p.id) !== null && waiting.push(p.id)), { known: coverage.bitsets, hold: () => coverage.asked && !coverage.answered });
    const stop = watchParse(doc, scanner, () => coverage.asked || coverage.askFirst(waiting));
    await feedInChunks(listingPage(ids, { sections: 2 }), doc, 30);
    stop();
    scanner.finishParse();
    coverage.askFirst(waiting);
    await coverage.whenFirstAnswered();
    scanner.finishParse();
    expect(await coverage.askRest(waiting)).toBe(true);
    return waiting;
  }

  it("with the hot copy's months, a listing no digest covers sends no message; a covered paper, one for its month", async () => {
    const entries = parseDigest(seed).entries;
    const digest = (ids: string[]) => exportDigest(ids.map((arxivId, i) => ({ ...entries[i % entries.length], arxivId })));
    // Daily digests of 2503: each small, its ids sent as a list (not bits) when asked for.
    for (let day = 0; day < 3; day++) await cache.importDigest(db, digest(Array.from({ length: 20 }, (_, i) => `2503.${String(day * 100 + 5 * i).padStart(5, '0')}`)), { name: `day${day}.md`, origin: 'file' });
    const months = await hotMonths(['2503']);
    const uncovered = Array.from({ length: 150 }, (_, i) => `2503.${String(50_000 + i).padStart(5, '0')}`);

    const coverage = new ListingCoverage(api);
    coverage.prime(months);
    expect(await runListing(coverage, uncovered)).toEqual([]);
    expect(calls).toEqual([]);
    expect(uncovered.every((id) => coverage.get(id) === null)).toBe(true);

    // Two covered papers among them: one message for their month; each answered by its digest.
    const withCovered = [...uncovered.slice(0, 70), '2503.00105', ...uncovered.slice(70), '2503.00210'];
    const again = new ListingCoverage(api);
    again.prime(months);
    expect(await runListing(again, withCovered)).toEqual(['2503.00105', '2503.00210']);
    expect(calls).toEqual([['coverageOfMonths', ['2503']]]);
    expect(['2503.00105', '2503.00210', '2503.00106'].map((id) => again.get(id))).toEqual([{ arxivId: '2503.00105', source: 'day1.md' }, { arxivId: '2503.00210', source: 'day2.md' }, null]);
    // The union still rules out the month's other ids in place, though its digests sent lists.
    expect(idsInListingText('arXiv:2503.00105 arXiv:2503.50001 arXiv:2503.00000', again.bitsets)).toEqual(['2503.00105', '2503.00000']);
  });

  it('a listing with nothing to show in its first screen reads the rest only as the reader comes near it, a section at a time', async () => {
    const entries = parseDigest(seed).entries;
    const covered = ['2503.00105', '2503.00210'];
    await cache.importDigest(db, exportDigest(covered.map((arxivId, i) => ({ ...entries[i], arxivId }))), { name: 'm.md', origin: 'file' });
    const coverage = new ListingCoverage(api);
    coverage.prime(await hotMonths(['2503']));
    // 390 papers of 2503 in three sections of 130: the covered ones in the second and the third.
    const ids = Array.from({ length: 390 }, (_, i) => (i === 200 ? covered[0] : i === 330 ? covered[1] : `2503.${String(50_000 + i).padStart(5, '0')}`));
    const doc = newDocument();
    const handed: string[] = [];
    const scanner = new PaperScanner(doc, 'listing', (p) => void (coverage.get(p.id) !== null && handed.push(p.id)), { known: coverage.bitsets, hold: () => coverage.asked && !coverage.answered });
    // The IntersectionObserver's stand-in: which entry is watched, and a call when it is near.
    let watched: Element | null = null;
    let near = () => {};
    let stopped = false;
    const observer: NearObserver = (onChange) => ((near = () => onChange(true)), { watch: (el) => void (watched = el), stop: () => void (stopped = true) });
    let reads = 0;
    let reading: ReturnType<typeof watchReadAhead> | null = null;
    const stop = watchParse(doc, scanner, () => void (scanner.lazy && (reading ??= watchReadAhead(scanner, () => reads++, observer))));
    await feedInChunks(listingPage(ids, { sections: 3 }), doc, 300);
    stop();
    scanner.finishParse();
    reading!.parseOver();
    // The first screen was read while the page arrived, then nothing: the parse's end reads no more.
    expect(scanner.lazy).toBe(true);
    expect(handed).toEqual([]);
    const sections: Element[] = [...doc.querySelectorAll('dl')];
    const at = (el: Element | null) => [sections.indexOf(el!.parentElement!), Array.prototype.indexOf.call(el!.parentElement!.children, el)];
    const [section, child] = at(watched);
    expect(section).toBe(0);
    expect(child).toBeGreaterThanOrEqual(2 * FIRST_SCREEN_PAPERS - 1);
    expect(child).toBeLessThan(2 * 130 - 1);
    // Near: the rest of the first section (nothing to show), then the next section's first entry is watched.
    near();
    expect([reads, handed, at(watched)]).toEqual([1, [], [1, 0]]);
    near();
    expect([reads, handed, at(watched)]).toEqual([2, [covered[0]], [2, 0]]);
    near();
    expect([reads, handed]).toEqual([3, covered]);
    // The page is read whole: the watcher stopped by itself.
    expect(stopped).toBe(true);
    reading!.stop();
  });

  it('a listing parsed whole before the first pass (Firefox may parse it in one go) turns lazy after its first screen too', async () => {
    const entries = parseDigest(seed).entries;
    await cache.importDigest(db, exportDigest([{ ...entries[0], arxivId: '2503.00105' }]), { name: 'm.md', origin: 'file' });
    const coverage = new ListingCoverage(api);
    coverage.prime(await hotMonths(['2503']));
    // (happy-dom reads a range in time that grows with its square: one section of 150.)
    const ids = Array.from({ length: 150 }, (_, i) => (i === 140 ? '2503.00105' : `2503.${String(50_000 + i).padStart(5, '0')}`));
    const doc = newDocument();
    doc.body.innerHTML = parse(listingPage(ids, { sections: 1 })).body.innerHTML;
    const handed: string[] = [];
    const scanner = new PaperScanner(doc, 'listing', (p) => void (coverage.get(p.id) !== null && handed.push(p.id)), { known: coverage.bitsets, hold: () => false });
    scanner.finishParse();
    expect([scanner.lazy, handed]).toEqual([true, []]);
    // The first unread entry: right after the first screen's.
    const first = doc.querySelector('dl')!;
    expect(scanner.nextUnread()).toBe(first.children[2 * FIRST_SCREEN_PAPERS]);
    while (scanner.readAhead());
    expect(handed).toEqual(['2503.00105']);
    // A covered paper in the first screen: read whole at once, as before.
    const eager = new PaperScanner(doc, 'listing', () => {}, { known: new ListingCoverage(api).bitsets, hold: () => false });
    eager.finishParse();
    expect(eager.lazy).toBe(false);
  });

  it('papers of another month (show more) cost one more message for all of them', async () => {
    const coverage = new ListingCoverage(api);
    coverage.askFirst(['2410.00531']);
    await coverage.askRest(['2410.00531']);
    const later = ['2410.02740', '2412.99999', '2501.00001'];
    expect(later.map((id) => coverage.get(id))).toEqual([expect.anything(), undefined, undefined]);
    await coverage.askRest(later);
    expect(calls.map((c) => c[0])).toEqual(['coverageOfMonths', 'coverage']);
    expect(calls[1][1]).toEqual(['2412.99999', '2501.00001']);
    expect(later.map((id) => coverage.get(id) ?? null)).toEqual([expect.objectContaining({ arxivId: '2410.02740' }), null, null]);
  });

  it('the saved search page: its results share a month, asked about in one message', async () => {
    const ids = findListedPapers(parse(searchHtml)).map((p) => p.id);
    const months = [...new Set(ids.map(monthOf))];
    const coverage = new ListingCoverage(api);
    coverage.askFirst(ids);
    coverage.askFirst(ids); // asked once
    expect(await coverage.askRest(ids)).toBe(true);
    expect(calls).toEqual([['coverageOfMonths', months]]);
    expect(ids.every((id) => coverage.get(id) === null)).toBe(true);
  });

  it('first papers spanning more than MAX_MONTHS months are asked about by id, in one message', async () => {
    const ids = ['2409.18869', ...Array.from({ length: MAX_MONTHS + 1 }, (_, i) => `23${String(i + 1).padStart(2, '0')}.00001`), '2410.00531'];
    const coverage = new ListingCoverage(api);
    coverage.askFirst(ids);
    expect(await coverage.askRest(ids)).toBe(true);
    expect(calls).toEqual([['coverage', ids]]);
    expect(ids.filter((id) => coverage.get(id))).toEqual(['2409.18869', '2410.00531']);
  });

  it('after reset (the cache changed) an answer to the old question is dropped, and the new cache answers', async () => {
    const coverage = new ListingCoverage(api);
    coverage.askFirst(['2501.00001']);
    coverage.reset();
    await cache.importDigest(db, '## A new one\n[新的一篇](https://arxiv.org/abs/2501.00001)\n\n新论文的中文摘要。\n', { name: 'new.md', origin: 'file' });
    expect(coverage.get('2501.00001')).toBeUndefined();
    coverage.askFirst(['2501.00001']);
    await coverage.askRest(['2501.00001']);
    expect(coverage.get('2501.00001')).toEqual({ arxivId: '2501.00001', source: 'new.md' });
  });

  it('a background that fails is logged once, marks nothing as not covered, and is asked again after a back-off', async () => {
    const warnings: unknown[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => void warnings.push(args);
    try {
      let broken = true;
      const asked: string[][] = [];
      const fail = () => Promise.reject(Object.assign(new Error('db closed'), { code: 'internal' }));
      const flaky: CoverageApi = {
        coverageOfMonths: (months) => (broken ? fail() : api.coverageOfMonths(months)),
        coverage: (ids) => (asked.push(ids), broken ? fail() : api.coverage(ids)),
      };
      let now = 1_000;
      const coverage = new ListingCoverage(flaky, () => now);
      const ids = ['2410.00531', '2410.99901'];
      coverage.askFirst(ids);
      await coverage.askRest(ids);
      // Not known: neither covered nor "not covered".
      expect(ids.map((id) => coverage.get(id))).toEqual([undefined, undefined]);
      expect(coverage.failedInARow).toBeGreaterThan(0);
      // Within the back-off nothing is sent (a page that changes often does not hammer a broken worker).
      const before = asked.length;
      expect(coverage.retryIn()).toBeGreaterThan(0);
      await coverage.askRest(ids);
      expect(asked.length).toBe(before);
      // Still broken after the back-off: asked once more, the back-off grows.
      now += RETRY_FIRST_MS * 2;
      await coverage.askRest(ids);
      expect(asked.length).toBe(before + 1);
      expect(coverage.retryIn()).toBeGreaterThan(RETRY_FIRST_MS);
      expect(coverage.retryIn()).toBeLessThanOrEqual(RETRY_MAX_MS);
      // The worker is back: the next ask after the back-off answers, and the papers are known.
      broken = false;
      now += RETRY_MAX_MS;
      await coverage.askRest(ids);
      expect(asked.at(-1)).toEqual(ids);
      expect(coverage.get('2410.00531')).toEqual({ arxivId: '2410.00531', source: 'seed.md' });
      expect(coverage.get('2410.99901')).toBeNull();
      expect(coverage.failedInARow).toBe(0);
      // Logged once, with the error's code.
      expect(warnings.length).toBe(1);
      expect(String((warnings[0] as unknown[])[0])).toContain('(internal)');
    } finally {
      console.warn = warn;
    }
  });

});

describe('a chosen badge whose look-up fails', () => {
  const root = join(import.meta.dirname, '../..');
  for (const locale of ['zh_CN', 'en']) {
    it(`stays folded and says so in the unfolded area, with a retry that asks again (${locale})`, async () => {
      const words = JSON.parse(readFileSync(join(root, `public/_locales/${locale}/messages.json`), 'utf8')) as Record<string, { message: string }>;
      const word = (key: string, ...subs: string[]) => (words[key]?.message ?? '').replace(/\$p(\d)\$/g, (_, i) => subs[Number(i) - 1] ?? '');
      fakeBrowser.reset();
      (fakeBrowser.i18n as unknown as { getMessage: (k: string, s?: string | string[]) => string }).getMessage = (k, s) =>
        word(k, ...(s === undefined ? [] : Array.isArray(s) ? s : [s]));
      const db = openDb(new IDBFactory(), IDBKeyRange);
      await cache.importDigest(db, seed, { name: 'seed.md', origin: 'file' });
      const doc = newDocument();
      const button = badgeButton(doc, 'seed.md');
      doc.body.append(button);
      let broken = true;
      let loads = 0;
      const places: HTMLElement[] = [];
      const control = unfoldBadge({
        button,
        brief: { arxivId: '2410.00531', source: 'seed.md' },
        load: () => (loads++, broken ? Promise.reject(Object.assign(new Error('db closed'), { code: 'internal' })) : cache.lookup(db, '2410.00531')),
        place: () => {
          const mount = doc.createElement('div');
          doc.body.append(mount);
          places.push(mount);
          return { mount, remove: () => mount.remove() };
        },
        view: () => ({ showKeyNumbers: true, lang: 'zh-CN' }),
      });
      await control.toggle();
      // Not opened on nothing: the badge says folded, and the failure is said where the summary would be.
      expect(button.getAttribute('aria-expanded')).toBe('false');
      const alert = places[0]?.querySelector('[role="alert"]');
      expect(alert?.textContent).toContain(word('panelLookupFailed', 'internal'));
      expect(places[0].querySelector('.summary, h3')).toBeNull();
      // The retry asks again; the worker is back: the summary unfolds and the failure is gone.
      broken = false;
      (alert!.querySelector('button') as HTMLButtonElement).click();
      await vi.waitFor(() => expect(button.getAttribute('aria-expanded')).toBe('true'));
      expect(loads).toBe(2);
      const shown = places.find((m) => m.isConnected)!;
      expect(shown.querySelector('[role="alert"]')).toBeNull();
      expect(shown.textContent).toContain((await cache.lookup(db, '2410.00531'))!.entry.titleZh);
      control.fold();
    });
  }

  it('a look-up that answers after the badge was folded by the page puts nothing in the page', async () => {
    fakeBrowser.reset();
    const db = openDb(new IDBFactory(), IDBKeyRange);
    await cache.importDigest(db, seed, { name: 'seed.md', origin: 'file' });
    const doc = newDocument();
    const button = badgeButton(doc, 'seed.md');
    doc.body.append(button);
    let answer!: () => void;
    let places = 0;
    const control = unfoldBadge({
      button,
      brief: { arxivId: '2410.00531', source: 'seed.md' },
      load: () => new Promise((resolve) => (answer = () => void cache.lookup(db, '2410.00531').then(resolve))),
      place: () => {
        places++;
        const mount = doc.createElement('div');
        doc.body.append(mount);
        return { mount, remove: () => mount.remove() };
      },
      view: () => ({ showKeyNumbers: true, lang: 'zh-CN' }),
    });
    const pending = control.toggle();
    // The cache changes while the entry is on its way: the page folds every badge.
    control.fold();
    answer();
    await pending;
    expect(places).toBe(0);
    expect(button.getAttribute('aria-expanded')).toBe('false');
    // Chosen again, it asks again and opens.
    const again = control.toggle();
    answer();
    await again;
    expect(button.getAttribute('aria-expanded')).toBe('true');
    expect(places).toBe(1);
  });

  it('an entry no longer in the cache is said so, and the badge stays folded', async () => {
    const words = JSON.parse(readFileSync(join(root, 'public/_locales/zh_CN/messages.json'), 'utf8')) as Record<string, { message: string }>;
    fakeBrowser.reset();
    (fakeBrowser.i18n as unknown as { getMessage: (k: string) => string }).getMessage = (k) => words[k]?.message ?? '';
    const doc = newDocument();
    const button = badgeButton(doc, 'seed.md');
    const mount = doc.createElement('div');
    const control = unfoldBadge({
      button,
      brief: { arxivId: '2501.00001', source: 'seed.md' },
      load: async () => null,
      place: () => (doc.body.append(mount), { mount, remove: () => mount.remove() }),
      view: () => ({ showKeyNumbers: true, lang: 'zh-CN' }),
    });
    await control.toggle();
    expect(button.getAttribute('aria-expanded')).toBe('false');
    expect(mount.querySelector('[role="alert"]')?.textContent).toBe(words.badgeSummaryGone.message);
  });
});

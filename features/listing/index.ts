/**
 * Badges on listing (`/list/…`, `/catchup/…`) and search result pages: the wiring of the parse
 * watcher (parse-watch.ts), what the page knows of coverage (coverage.ts) and the badges
 * (badges.ts). As soon as the parser has given the first papers, one message asks for the
 * coverage of their month; badges then go in while the rest of the page arrives, each before
 * the frame that would paint its entry. A badge stays plain DOM until it is chosen.
 */
import { findListedPaper, listedPaperOf } from '../../lib/arxiv/dom';
import type { Settings } from '../../storage/settings-spec';
import { readListingStart, watchCacheStamp, watchSettings } from '../settings-read';
import { ask, extensionAlive } from '../messages';
import { BadgePlacer, type Placed, type Unfolding } from './badges';
import { ListingCoverage } from './coverage';
import { PaperScanner, watchPageChanges, watchParse, watchReadAhead, type Sighting } from './parse-watch';
import { loadUi } from '../lazy-ui';
import { converterFor, resolveScript, zhLang } from '../../components/zh-script';

/** Timed retries after failed coverage messages in a row; after these, only a change of the page asks again. */
const MAX_TIMED_RETRIES = 3;

/**
 * A chosen badge's unfolding, from the UI module: imported the first time a badge is chosen
 * (Preact, the summary, the chips), not for the folded badges.
 */
function lazyUnfolding(p: Placed, settings: () => Settings): Unfolding {
  const real = loadUi().then((ui) => ui.unfoldingOf(p, settings));
  real.catch((err) => console.warn('[arxiv-digest] the summary could not be shown:', err));
  return {
    toggle: () => real.then((u) => u.toggle()),
    update: () => void real.then((u) => u.update(), () => {}),
    fold: () => void real.then((u) => u.fold(), () => {}),
  };
}

export async function listingBadges(kind: 'listing' | 'search', signal: AbortSignal): Promise<void> {
  const start = await readListingStart();
  let settings: Settings = start.settings;
  const coverage = new ListingCoverage({
    coverageOfMonths: (months) => ask('coverageOfMonths', { months }),
    coverage: (ids) => ask('coverage', { ids }),
  });
  // The newest months' coverage from the hot copy: a listing of their papers that no digest
  // covers sends no message at all.
  coverage.prime(start.months);
  const badges = new BadgePlacer(document, () => settings, (p) => lazyUnfolding(p, () => settings));
  /** Parsed papers whose coverage is not known yet. */
  let waiting: Sighting[] = [];
  /** The page's changes, watched after the parse. */
  let changes: ReturnType<typeof watchPageChanges> | null = null;
  const scanner = new PaperScanner(
    document,
    kind,
    (paper) => {
      // Once the first answer is in (or from the hot copy's months), most papers of most
      // listings are known to be uncovered: dropped here.
      if (coverage.get(paper.id) !== null) waiting.push(paper);
    },
    // Those read from the text are dropped before they are made into sightings, and the text
    // the parser adds while the first message is out is read with its answer.
    { known: coverage.bitsets, hold: () => coverage.asked && !coverage.answered },
  );

  /**
   * Badges the waiting papers whose coverage is known; the others keep waiting. A covered
   * paper whose entry is not parsed yet waits for the next pass (`final`: it never will be).
   */
  const settle = (final = false) => {
    const before = badges.size;
    const still: Sighting[] = [];
    for (const seen of waiting) {
      const hit = coverage.get(seen.id);
      if (hit === null) continue;
      if (hit === undefined) {
        still.push(seen);
        continue;
      }
      const paper = seen.el ? listedPaperOf(seen.el) : seen.list ? findListedPaper(document, seen.list, seen.id) : null;
      if (paper) badges.add(paper, hit);
      else if (!final) still.push(seen);
      else scanner.unsee(seen); // a later change of the page may complete it
    }
    waiting = still;
    // A badge put in after the parse: its entry is watched from now on.
    if (badges.size > before) changes?.sync();
  };

  let titlesFailureLogged = false;
  const titlesFailed = (what: string, err: unknown) => {
    if (titlesFailureLogged) return;
    titlesFailureLogged = true;
    console.warn(`[arxiv-digest] the listing's Chinese titles: ${what} (${(err as { code?: string })?.code ?? 'no-answer'}):`, (err as Error)?.message ?? err);
  };

  /**
   * Chinese titles for the covered papers, only while that setting is on (full entries), in the
   * reader's script (繁體: converted with OpenCC's tables, loaded the first time).
   */
  const loadTitles = async () => {
    if (!settings.listingTitles) return;
    const script = resolveScript(settings.zhScript);
    const convert = await converterFor(script).catch((err: unknown) => (titlesFailed('the 繁體 tables could not be loaded; shown in 简体', err), null));
    if (signal.aborted) return;
    badges.setTitleScript(convert, zhLang(convert ? script : 'hans'));
    const missing = badges.ids().filter((id) => !badges.hasTitle(id));
    if (!missing.length) return;
    const hits = await ask('lookupMany', { ids: missing }).catch((err: unknown) => (titlesFailed('the look-up failed', err), {}) as Record<string, never>);
    if (signal.aborted) return;
    badges.addTitles(Object.fromEntries(Object.entries(hits).map(([id, h]) => [id, h.entry.titleZh])));
  };

  /** One timed retry at a time after a failed coverage message, a few in all (then only page changes ask). */
  let retry: ReturnType<typeof setTimeout> | null = null;
  const retryLater = () => {
    if (retry || signal.aborted || !waiting.length || !coverage.failedInARow || coverage.failedInARow > MAX_TIMED_RETRIES) return;
    retry = setTimeout(() => {
      retry = null;
      if (!signal.aborted && extensionAlive()) void finish(false);
    }, coverage.retryIn());
  };

  /** After the page is parsed (and after later changes): the rest, in one message. */
  const finish = async (everywhere = true) => {
    if (everywhere) scanner.scanAll();
    coverage.askFirst(waiting.map((p) => p.id));
    await coverage.whenFirstAnswered();
    if (signal.aborted) return;
    // What the parser added while the first message was out.
    scanner.finishParse();
    settle(true);
    if (waiting.length) {
      if (!(await coverage.askRest(waiting.map((p) => p.id))) || signal.aborted) return;
      settle(true);
      // Papers still unknown after a failure are asked about again, after a back-off.
      retryLater();
    }
    await loadTitles();
  };

  /** After a chunk of the page is read while it is parsed. */
  const chunkRead = () => {
    if (!coverage.asked) coverage.askFirst(waiting.map((p) => p.id));
    // Until the answer, every paper is unknown: nothing to settle.
    if (coverage.answered) settle();
  };
  /**
   * A listing with nothing to show in its first screen reads the rest as the reader comes near
   * it (watchReadAhead): a reader who stays on the first screen costs the first screen.
   */
  let readAhead = null as ReturnType<typeof watchReadAhead> | null;
  const readAheadIfLazy = () => {
    if (scanner.lazy && !readAhead && !signal.aborted)
      readAhead = watchReadAhead(scanner, () => (document.readyState === 'loading' ? chunkRead() : void finish(false)));
  };

  if (document.readyState === 'loading') {
    // The first message leaves with the first papers parsed; badges go in after each chunk.
    const stop = watchParse(document, scanner, () => {
      chunkRead();
      readAheadIfLazy();
    });
    await new Promise<void>((r) => document.addEventListener('DOMContentLoaded', () => r(), { once: true }));
    stop();
  }
  if (signal.aborted) return badges.stop();
  // Whatever the parser added last (and, after an update, the whole page: nothing was watched).
  scanner.finishParse();
  readAheadIfLazy();
  readAhead?.parseOver();
  await finish(false);
  if (signal.aborted) return (readAhead?.stop(), badges.stop());

  // After load: papers that appear later, and badges the page removes.
  const watching = watchPageChanges(
    document,
    () => ({ lists: scanner.containers(), entries: badges.entries() }),
    () => {
      if (!extensionAlive()) return;
      badges.repair();
      // A section the page added is watched from now on.
      void finish().then(watching.sync);
    },
  );
  changes = watching;
  const stopSettings = watchSettings(async (s) => {
    settings = s;
    badges.placeAll();
    await loadTitles();
  });
  const stopStamp = watchCacheStamp(async () => {
    // The cache changed: forget what was known and ask again.
    coverage.reset();
    badges.clear();
    scanner.forget();
    waiting = [];
    await finish();
  });
  signal.addEventListener('abort', () => {
    if (retry) clearTimeout(retry);
    readAhead?.stop();
    watching.stop();
    stopSettings();
    stopStamp();
    badges.stop();
  });
}

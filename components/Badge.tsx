/**
 * A listing badge unfolded: the Chinese title, summary and key numbers of its paper, below the
 * entry's own title (and abstract). The badge's button itself is plain DOM (badge-button.ts);
 * this takes it over when it is first chosen, and renders only the unfolded summary.
 */
import { render } from 'preact';
import type { BriefHit, LookupHit } from '../lib/messaging';
import { setBadgeOpen } from './badge-button';
import { t, uiLang } from './i18n';
import { HighlightedSummary, KeyNumberChips } from './KeyNumberChips';

/** A place in the page, made by the feature, for the unfolded summary. */
export interface UnfoldPlace {
  mount: HTMLElement;
  remove(): void;
}

export function Unfolded({ hit, id, showKeyNumbers, lang }: { hit: LookupHit; id: string; showKeyNumbers: boolean; lang: string }) {
  const { entry } = hit;
  return (
    <div id={id} class="unfold panel" lang={lang}>
      {entry.titleZh && <h3 class="title-zh">{entry.titleZh}</h3>}
      <HighlightedSummary text={entry.summaryZh} numbers={entry.keyNumbers} marks={showKeyNumbers} lang={lang} />
      {showKeyNumbers && <KeyNumberChips numbers={entry.keyNumbers} idPrefix={id} lang={lang} />}
      <p class="source">
        {t('panelSource')}
        {hit.source.name}
      </p>
    </div>
  );
}

/**
 * What shows where the summary would, when it cannot: the look-up failed (its code, with a
 * retry), or the entry is no longer in the cache. In the UI's language; the badge stays folded.
 */
export function UnfoldFailure({ id, code, onRetry }: { id: string; code: string | null; onRetry: () => void }) {
  return (
    <div id={id} class="unfold failure" role="alert" lang={uiLang()}>
      <span>{code ? t('panelLookupFailed', code) : t('badgeSummaryGone')}</span>
      {code && (
        <button type="button" class="link" onClick={onRetry}>
          {t('panelRetry')}
        </button>
      )}
    </div>
  );
}

export interface UnfoldControl {
  /** Unfolds (fetching the entry the first time), or folds. */
  toggle(): Promise<void>;
  /** Renders again with the current view (a setting changed). */
  update(): void;
  /** Folds, if unfolded. */
  fold(): void;
}

/**
 * Unfolding for one badge. `load` fetches the entry (null: none; it rejects when the look-up
 * failed), `place` makes the host the summary goes in, `view` says how to show it now. A badge
 * opens only on an entry: a failure (or a missing entry) is said in the unfolded area, with the
 * badge still folded, and choosing the badge again asks again.
 */
export function unfoldBadge({
  button,
  brief,
  load,
  place,
  view,
}: {
  button: HTMLButtonElement;
  brief: BriefHit;
  load: () => Promise<LookupHit | null>;
  place: () => UnfoldPlace;
  view: () => { showKeyNumbers: boolean; lang: string };
}): UnfoldControl {
  const id = `adb-${brief.arxivId.replace(/\W/g, '-')}-body`;
  let open = false;
  let hit: LookupHit | null = null;
  /** Why the last look-up showed nothing: its error code, or 'missing' (no entry). */
  let failure: string | null = null;
  let loading: Promise<void> | null = null;
  /** Counts folds: a look-up answered after a fold (the badge taken away meanwhile) is dropped. */
  let folds = 0;
  let at: UnfoldPlace | null = null;
  const show = () => {
    setBadgeOpen(button, open, id);
    if (open && hit) {
      at ??= place();
      const { showKeyNumbers, lang } = view();
      render(<Unfolded hit={hit} id={id} showKeyNumbers={showKeyNumbers} lang={lang} />, at.mount);
    } else if (failure) {
      at ??= place();
      render(<UnfoldFailure id={id} code={failure === 'missing' ? null : failure} onRetry={() => void control.toggle()} />, at.mount);
    } else if (at) {
      render(null, at.mount);
      at.remove();
      at = null;
    }
  };
  const control: UnfoldControl = {
    async toggle() {
      if (loading) return loading; // a second click while the entry is on its way
      if (!open && !hit) {
        const asked = folds;
        loading = load().then(
          (h) => {
            if (asked !== folds) return;
            hit = h;
            failure = h ? null : 'missing';
          },
          (err: unknown) => {
            if (asked !== folds) return;
            failure = String((err as { code?: string } | null)?.code ?? 'no-answer');
          },
        );
        await loading;
        loading = null;
        if (asked !== folds) return; // folded (or taken away) while the entry was on its way
        if (!hit) return show(); // not opened: the failure is shown instead
      }
      open = !open;
      show();
    },
    update: show,
    fold() {
      // Folded by the page (the cache changed, the script stops): the entry is asked again next time.
      folds++;
      open = false;
      hit = null;
      failure = null;
      show();
    },
  };
  return control;
}

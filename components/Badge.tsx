import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { BriefHit, LookupHit } from '../lib/messaging';
import { t } from './i18n';
import { HighlightedSummary, KeyNumberChips } from './KeyNumberChips';

export const BADGE_LABEL = '中文摘要';

/** A place in the page, made by the feature, for the unfolded summary. */
export interface UnfoldPlace {
  mount: HTMLElement;
  remove(): void;
}

function Unfolded({ hit, id, showKeyNumbers, lang }: { hit: LookupHit; id: string; showKeyNumbers: boolean; lang: string }) {
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
 * A small 中文摘要 by a paper's id on listing and search pages; choosing it (click, Enter,
 * Space) fetches and unfolds the Chinese title, summary and key numbers inline.
 */
export function Badge({
  brief,
  load,
  showKeyNumbers,
  initiallyOpen = false,
  place,
  lang = 'zh-CN',
}: {
  brief: BriefHit;
  load: () => Promise<LookupHit | null>;
  showKeyNumbers: boolean;
  initiallyOpen?: boolean;
  /** Where the summary unfolds (below the entry's title and abstract); inline after the badge without one. */
  place?: () => UnfoldPlace;
  lang?: string;
}) {
  const [open, setOpen] = useState(false);
  const [hit, setHit] = useState<LookupHit | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    // Taking over from the plain badge a reader just chose: unfold, and keep the focus.
    if (initiallyOpen) {
      button.current?.focus();
      void toggle();
    }
  }, []);
  const uid = `adb-${brief.arxivId.replace(/\W/g, '-')}`;
  const toggle = async () => {
    if (!open && !hit) setHit(await load());
    setOpen(!open);
  };
  // The badge stays on the id line; its summary goes where the feature says.
  useEffect(() => {
    if (!open || !hit || !place) return;
    const at = place();
    render(<Unfolded hit={hit} id={`${uid}-body`} showKeyNumbers={showKeyNumbers} lang={lang} />, at.mount);
    return () => at.remove();
  }, [open, hit, showKeyNumbers, lang]);
  return (
    <span class={open && !place ? 'badge-wrap open' : 'badge-wrap'}>
      <button ref={button} type="button" class="badge" aria-expanded={open} aria-controls={`${uid}-body`} title={t('panelBadgeTitle', brief.source)} onClick={() => void toggle()}>
        {BADGE_LABEL}
      </button>
      {open && hit && !place && <Unfolded hit={hit} id={`${uid}-body`} showKeyNumbers={showKeyNumbers} lang={lang} />}
    </span>
  );
}

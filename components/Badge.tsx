import { useEffect, useRef, useState } from 'preact/hooks';
import type { BriefHit, LookupHit } from '../lib/messaging';

export const BADGE_LABEL = '中文摘要';
import { HighlightedSummary, KeyNumberChips } from './KeyNumberChips';

/**
 * A small 中文摘要 by a paper's id on listing and search pages; choosing it (click, Enter,
 * Space) fetches and unfolds the Chinese title, summary and key numbers inline.
 */
export function Badge({ brief, load, showKeyNumbers, initiallyOpen = false }: { brief: BriefHit; load: () => Promise<LookupHit | null>; showKeyNumbers: boolean; initiallyOpen?: boolean }) {
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
  const entry = hit?.entry;
  return (
    <span class={open ? 'badge-wrap open' : 'badge-wrap'}>
      <button ref={button} type="button" class="badge" aria-expanded={open} aria-controls={`${uid}-body`} title={`中文摘要 · ${brief.source}`} onClick={() => void toggle()}>
        {BADGE_LABEL}
      </button>
      {open && entry && (
        <div id={`${uid}-body`} class="unfold panel" lang="zh-CN">
          {entry.titleZh && <h3 class="title-zh">{entry.titleZh}</h3>}
          <HighlightedSummary text={entry.summaryZh} numbers={entry.keyNumbers} marks={showKeyNumbers} />
          {showKeyNumbers && <KeyNumberChips numbers={entry.keyNumbers} idPrefix={uid} />}
          <p class="source">来自摘要：{hit.source.name}</p>
        </div>
      )}
    </span>
  );
}

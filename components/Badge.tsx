import { useState } from 'preact/hooks';
import type { BriefHit, LookupHit } from '../lib/messaging';
import { HighlightedSummary, KeyNumberChips } from './KeyNumberChips';

/**
 * A small 中文摘要 by a paper's id on listing and search pages; choosing it (click, Enter,
 * Space) fetches and unfolds the Chinese title, summary and key numbers inline.
 */
export function Badge({ brief, load, showKeyNumbers }: { brief: BriefHit; load: () => Promise<LookupHit | null>; showKeyNumbers: boolean }) {
  const [open, setOpen] = useState(false);
  const [hit, setHit] = useState<LookupHit | null>(null);
  const uid = `adb-${brief.arxivId.replace(/\W/g, '-')}`;
  const toggle = async () => {
    if (!open && !hit) setHit(await load());
    setOpen(!open);
  };
  const entry = hit?.entry;
  return (
    <span class={open ? 'badge-wrap open' : 'badge-wrap'}>
      <button type="button" class="badge" aria-expanded={open} aria-controls={`${uid}-body`} title={brief.titleZh ? `中文摘要：${brief.titleZh}` : '中文摘要'} onClick={() => void toggle()}>
        中文摘要
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

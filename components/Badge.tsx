import { useState } from 'preact/hooks';
import type { LookupHit } from '../lib/messaging';
import { HighlightedSummary, KeyNumberChips } from './KeyNumberChips';

/**
 * A small 中 by a paper's id on listing and search pages; choosing it (click, Enter, Space)
 * unfolds the Chinese title, summary and key numbers inline.
 */
export function Badge({ hit, showKeyNumbers }: { hit: LookupHit; showKeyNumbers: boolean }) {
  const [open, setOpen] = useState(false);
  const { entry } = hit;
  const uid = `adb-${entry.arxivId.replace(/\W/g, '-')}`;
  return (
    <span class={open ? 'badge-wrap open' : 'badge-wrap'}>
      <button
        type="button"
        class="badge"
        aria-expanded={open}
        aria-controls={`${uid}-body`}
        title={entry.titleZh ? `中文摘要：${entry.titleZh}` : '中文摘要'}
        onClick={() => setOpen(!open)}
      >
        中文摘要
      </button>
      {open && (
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

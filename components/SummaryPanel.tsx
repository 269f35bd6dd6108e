import { useState } from 'preact/hooks';
import { absUrl, formatArxivId } from '../lib/arxiv/ids';
import type { LookupHit } from '../lib/messaging';
import type { DisplayMode } from '../storage/settings';
import { AlsoIn } from './AlsoIn';
import { Icon } from './Icon';
import { HighlightedSummary, KeyNumberChips } from './KeyNumberChips';

export interface PanelProps {
  hit: LookupHit;
  english: { title: string; abstract: string };
  /** The version on screen, to say so when the digest wrote about another one. */
  pageVersion: number | null;
  mode: DisplayMode;
  collapsed: boolean;
  showKeyNumbers: boolean;
  onMode: (mode: DisplayMode) => void;
  onCollapse: (collapsed: boolean) => void;
  onTurnOff: () => void;
  onSwitchSource?: (sourceId: number) => void;
}

const MODES: Array<[DisplayMode, string]> = [
  ['zh', '中文'],
  ['bilingual', '双语'],
  ['en', 'English'],
];

export function ModeSwitch({ mode, onMode }: { mode: DisplayMode; onMode: (m: DisplayMode) => void }) {
  return (
    <div class="modes" role="radiogroup" aria-label="显示方式">
      {MODES.map(([m, label]) => (
        <button type="button" role="radio" aria-checked={mode === m} class={mode === m ? 'mode on' : 'mode'} onClick={() => onMode(m)} key={m}>
          {label}
        </button>
      ))}
    </div>
  );
}

function VersionNote({ entryVersion, pageVersion }: { entryVersion: number | null; pageVersion: number | null }) {
  if (!entryVersion || !pageVersion || entryVersion === pageVersion) return null;
  return (
    <p class="version-note" role="note">
      此摘要针对 v{entryVersion} 撰写，当前页面为 v{pageVersion}，内容可能有出入。
    </p>
  );
}

export function SummaryPanel(props: PanelProps) {
  const { hit, english, pageVersion, mode, collapsed, showKeyNumbers } = props;
  const { entry } = hit;
  const [copied, setCopied] = useState<'idle' | 'done' | 'failed'>('idle');
  const uid = `adp-${entry.arxivId.replace(/\W/g, '-')}`;

  const copy = async () => {
    const text = [entry.titleZh, entry.summaryZh, absUrl(formatArxivId({ id: entry.arxivId, version: entry.version }))].filter(Boolean).join('\n\n');
    try {
      await navigator.clipboard.writeText(text);
      setCopied('done');
    } catch {
      setCopied('failed');
    }
    setTimeout(() => setCopied('idle'), 2000);
  };

  if (mode === 'en') {
    return (
      <div class="handle">
        <Icon size={16} />
        <button type="button" class="link" onClick={() => props.onMode('zh')} title="显示中文摘要">
          arXiv 中文摘要 · 显示中文
        </button>
      </div>
    );
  }

  const chinese = (
    <div class="zh">
      {entry.titleZh && (
        <h2 class="title-zh" lang="zh-CN">
          {entry.titleZh}
        </h2>
      )}
      {entry.summaryZh && <HighlightedSummary text={entry.summaryZh} numbers={entry.keyNumbers} marks={showKeyNumbers} />}
      {showKeyNumbers && <KeyNumberChips numbers={entry.keyNumbers} idPrefix={uid} />}
    </div>
  );

  return (
    <section class="panel" aria-label="arXiv 中文摘要">
      <header>
        <span class="brand">
          <Icon />
          <span class="brand-name">arXiv 中文摘要</span>
        </span>
        {!collapsed && <ModeSwitch mode={mode} onMode={props.onMode} />}
        <span class="actions">
          {!collapsed && (
            <button type="button" class="action" onClick={copy} aria-live="polite">
              {copied === 'done' ? '已复制' : copied === 'failed' ? '复制失败' : '复制摘要'}
            </button>
          )}
          <button type="button" class="action" aria-expanded={!collapsed} aria-controls={`${uid}-body`} onClick={() => props.onCollapse(!collapsed)}>
            {collapsed ? '展开' : '收起'}
          </button>
          <button type="button" class="action off" onClick={props.onTurnOff} title="在所有 arXiv 页面关闭中文摘要（可在扩展弹窗中重新打开）">
            关闭
          </button>
        </span>
      </header>
      {collapsed ? (
        entry.titleZh && (
          <p class="collapsed-title" lang="zh-CN">
            {entry.titleZh}
          </p>
        )
      ) : (
        <div id={`${uid}-body`} class={mode === 'bilingual' ? 'body bilingual' : 'body'}>
          {mode === 'bilingual' && (
            <div class="en" lang="en">
              <h2 class="title-en">{english.title || entry.titleEn}</h2>
              {english.abstract && <p class="abstract-en">{english.abstract}</p>}
            </div>
          )}
          {chinese}
        </div>
      )}
      {!collapsed && (
        <footer>
          <VersionNote entryVersion={entry.version} pageVersion={pageVersion} />
          <p class="source">
            来自摘要：<span class="source-name">{hit.source.name}</span>
            {entry.version ? `（针对 v${entry.version}）` : ''}
            <AlsoIn hit={hit} onSwitch={props.onSwitchSource} />
          </p>
        </footer>
      )}
    </section>
  );
}

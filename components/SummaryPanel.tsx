import { useEffect, useRef, useState } from 'preact/hooks';
import type { LookupHit } from '../lib/messaging';
import type { DisplayMode } from '../storage/settings';
import { t, type MessageKey } from './i18n';
import { AlsoIn } from './AlsoIn';
import { CopyButton } from './CopyButton';
import { Icon } from './Icon';
import { HighlightedSummary, KeyNumberChips } from './KeyNumberChips';

export interface PanelProps {
  hit: LookupHit;
  /** The version on screen, to say so when the digest wrote about another one. */
  pageVersion: number | null;
  mode: DisplayMode;
  collapsed: boolean;
  showKeyNumbers: boolean;
  /** `lang` of the Chinese text: zh-CN, or zh-TW / zh-HK once converted to 繁體. */
  lang?: string;
  /** 双语: the Chinese title stands under the page's own English title, not in the panel. */
  titleOnPage?: boolean;
  onMode: (mode: DisplayMode) => void;
  onCollapse: (collapsed: boolean) => void;
  /**
   * Hides the panel on this page only, and turns the overlay off on every arXiv page. Without
   * them (the side panel) there is no close menu.
   */
  onHideHere?: () => void;
  onTurnOff?: () => void;
  /** Shows another digest's entry for this paper ("also in"). */
  onSwitchSource?: (sourceId: number) => void;
}

const MODES: Array<[DisplayMode, MessageKey]> = [
  ['zh', 'panelModeZh'],
  ['bilingual', 'panelModeBilingual'],
  ['en', 'panelModeEn'],
];

/**
 * 中文 / 双语 / English as one radio group: one Tab stop (the chosen mode), arrow keys, Home
 * and End move the choice.
 */
export function ModeSwitch({ mode, onMode }: { mode: DisplayMode; onMode: (m: DisplayMode) => void }) {
  const buttons = useRef<Array<HTMLButtonElement | null>>([]);
  const onKey = (e: KeyboardEvent, i: number) => {
    const n = MODES.length;
    const to = { ArrowRight: i + 1, ArrowDown: i + 1, ArrowLeft: i - 1, ArrowUp: i - 1, Home: 0, End: n - 1 }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    const next = (to + n) % n;
    buttons.current[next]?.focus();
    onMode(MODES[next][0]);
  };
  return (
    <div class="modes" role="radiogroup" aria-label={t('panelModes')}>
      {MODES.map(([m, label], i) => (
        <button
          type="button"
          role="radio"
          ref={(el) => void (buttons.current[i] = el)}
          aria-checked={mode === m}
          tabIndex={mode === m ? 0 : -1}
          class={mode === m ? 'mode on' : 'mode'}
          onClick={() => onMode(m)}
          onKeyDown={(e) => onKey(e, i)}
          key={m}
        >
          {t(label)}
        </button>
      ))}
    </div>
  );
}

function VersionNote({ entryVersion, pageVersion }: { entryVersion: number | null; pageVersion: number | null }) {
  if (!entryVersion || !pageVersion || entryVersion === pageVersion) return null;
  return (
    <p class="version-note" role="note">
      {t('panelVersionNote', String(entryVersion), String(pageVersion))}
    </p>
  );
}

/** 关闭: a small menu, so that turning it off everywhere is one deliberate step further. */
function CloseMenu({ onHideHere, onTurnOff }: { onHideHere: () => void; onTurnOff: () => void }) {
  const [open, setOpen] = useState(false);
  const trigger = useRef<HTMLButtonElement>(null);
  const items = useRef<Array<HTMLButtonElement | null>>([]);
  const wrap = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    if (!open) return;
    items.current[0]?.focus();
    // A click anywhere else closes it (events from our shadow root reach the document as the host).
    const onDown = (e: Event) => !e.composedPath().includes(wrap.current!) && setOpen(false);
    document.addEventListener('pointerdown', onDown, true);
    return () => document.removeEventListener('pointerdown', onDown, true);
  }, [open]);
  const close = () => {
    setOpen(false);
    trigger.current?.focus();
  };
  const onKey = (e: KeyboardEvent) => {
    const i = items.current.indexOf(e.target as HTMLButtonElement);
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      close();
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      items.current[(i + (e.key === 'ArrowDown' ? 1 : -1) + 2) % 2]?.focus();
    } else if (e.key === 'Tab') setOpen(false);
  };
  return (
    <span class="menu-wrap" ref={wrap}>
      <button ref={trigger} type="button" class="action off" aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen(!open)}>
        {t('panelClose')}
        <span aria-hidden="true"> ▾</span>
      </button>
      {open && (
        <span class="menu" role="menu" onKeyDown={onKey}>
          <button ref={(el) => void (items.current[0] = el)} type="button" role="menuitem" class="menu-item" onClick={onHideHere}>
            {t('panelHideHere')}
          </button>
          <button ref={(el) => void (items.current[1] = el)} type="button" role="menuitem" class="menu-item" onClick={onTurnOff}>
            {t('panelOffEverywhere')}
          </button>
        </span>
      )}
    </span>
  );
}

export function SummaryPanel(props: PanelProps) {
  const { hit, pageVersion, mode, collapsed, showKeyNumbers, lang = 'zh-CN' } = props;
  const { entry } = hit;
  const uid = `adp-${entry.arxivId.replace(/\W/g, '-')}`;

  if (mode === 'en') {
    return (
      <div class="handle">
        <Icon size={16} />
        <button type="button" class="link" onClick={() => props.onMode('zh')} title={t('panelShowZhTitle')}>
          {t('panelShowZh')}
        </button>
      </div>
    );
  }

  const showTitle = entry.titleZh && !(mode === 'bilingual' && props.titleOnPage);
  return (
    <section class="panel" aria-label={t('panelLabel')}>
      <header>
        <span class="brand">
          <Icon />
          <span class="brand-name">{t('panelBrand')}</span>
        </span>
        {!collapsed && <ModeSwitch mode={mode} onMode={props.onMode} />}
        <span class="actions">
          {!collapsed && <CopyButton entry={entry} class="action" />}
          <button type="button" class="action" aria-expanded={!collapsed} aria-controls={`${uid}-body`} onClick={() => props.onCollapse(!collapsed)}>
            {t(collapsed ? 'panelExpand' : 'panelCollapse')}
          </button>
          {props.onHideHere && props.onTurnOff && <CloseMenu onHideHere={props.onHideHere} onTurnOff={props.onTurnOff} />}
        </span>
      </header>
      {collapsed ? (
        entry.titleZh && (
          <p class="collapsed-title" lang={lang}>
            {entry.titleZh}
          </p>
        )
      ) : (
        <div id={`${uid}-body`} class={mode === 'bilingual' ? 'body bilingual' : 'body'}>
          <VersionNote entryVersion={entry.version} pageVersion={pageVersion} />
          {showTitle && (
            <h2 class="title-zh" lang={lang}>
              {entry.titleZh}
            </h2>
          )}
          {entry.summaryZh && <HighlightedSummary text={entry.summaryZh} numbers={entry.keyNumbers} marks={showKeyNumbers} lang={lang} />}
          {showKeyNumbers && <KeyNumberChips numbers={entry.keyNumbers} idPrefix={uid} lang={lang} />}
        </div>
      )}
      {!collapsed && (
        <footer>
          <p class="source">
            {t('panelSource')}
            <span class="source-name">{hit.source.name}</span>
            {entry.version ? t('panelSourceVersion', String(entry.version)) : ''}
            <AlsoIn hit={hit} onSwitch={props.onSwitchSource} />
          </p>
        </footer>
      )}
    </section>
  );
}

/** 双语: the Chinese title, under the page's own English title. */
export function TitleUnderPage({ title, lang = 'zh-CN' }: { title: string; lang?: string }) {
  return (
    <p class="title-line" lang={lang}>
      <Icon size={14} />
      <span>{title}</span>
    </p>
  );
}

/** What the page says for a moment after the panel was hidden or turned off: 撤销 puts it back. */
export function UndoNotice({ message, onUndo, onDone }: { message: string; onUndo: () => void; onDone: () => void }) {
  // A few seconds, paused while the pointer or the focus is on it (time to reach 撤销).
  const [held, setHeld] = useState(false);
  useEffect(() => {
    if (held) return;
    const timer = setTimeout(onDone, 8000);
    return () => clearTimeout(timer);
  }, [held]);
  return (
    <div class="notice" role="status" onMouseEnter={() => setHeld(true)} onMouseLeave={() => setHeld(false)} onFocusIn={() => setHeld(true)} onFocusOut={() => setHeld(false)}>
      <Icon size={16} />
      <span class="notice-text">{message}</span>
      <button type="button" class="action undo" onClick={onUndo}>
        {t('panelUndo')}
      </button>
      <button type="button" class="action dismiss" aria-label={t('panelDismiss')} onClick={onDone}>
        <span aria-hidden="true">×</span>
      </button>
    </div>
  );
}

/**
 * The background did not answer (its database broken, the worker gone): said as such, with a
 * retry, never shown as "not covered".
 */
export function PanelFailure({ code, onRetry }: { code: string; onRetry: () => void }) {
  return (
    <div class="handle failure" role="alert">
      <Icon size={16} />
      <span>{t('panelLookupFailed', code)}</span>
      <button type="button" class="link" onClick={onRetry}>
        {t('panelRetry')}
      </button>
    </div>
  );
}

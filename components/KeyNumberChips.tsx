import { autoUpdate, computePosition, flip, offset, shift } from '@floating-ui/dom';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { KeyNumber } from '../lib/digest/types';
import { t } from './i18n';

/** What a chip shows: the parser's display form (`>80%`, `58.8% → 90.0%`) where it gives one. */
export function chipText(k: KeyNumber): string {
  return k.display ?? k.text;
}

/** Space kept between a tooltip and the viewport's edges, in CSS px. */
const EDGE = 8;

/**
 * The sentence a chip came from, placed by Floating UI: below the chip, above where there is
 * no room, shifted to stay inside the viewport (a 400 px window, 200 % zoom, the popup), fixed
 * so that it never widens the page. Follows scrolling and resizing while it is open.
 */
function Tooltip({ anchor, id, text, open, lang }: { anchor: HTMLElement | null; id: string; text: string; open: boolean; lang: string }) {
  const tip = useRef<HTMLSpanElement>(null);
  // Placed before it is painted: it stays hidden until Floating UI has its position (which it
  // computes asynchronously), so it never shows for a frame at the viewport's corner.
  useLayoutEffect(() => {
    const el = tip.current;
    if (!open || !anchor || !el) return;
    const place = () => {
      const viewport = el.ownerDocument.documentElement.clientWidth || window.innerWidth;
      el.style.maxWidth = `${Math.max(120, Math.min(420, viewport - 2 * EDGE))}px`;
      void computePosition(anchor, el, { strategy: 'fixed', placement: 'bottom-start', middleware: [offset(4), flip({ padding: EDGE }), shift({ padding: EDGE })] }).then(({ x, y }) => {
        Object.assign(el.style, { left: `${x}px`, top: `${y}px`, visibility: 'visible' });
      });
    };
    return autoUpdate(anchor, el, place);
  }, [open, anchor]);
  return (
    <span ref={tip} role="tooltip" id={id} class="chip-source" lang={lang} style={open ? { display: 'block', position: 'fixed', left: '0', top: '0', width: 'max-content', visibility: 'hidden' } : { display: 'none' }}>
      {text}
    </span>
  );
}

/**
 * Key numbers as chips; each reveals the sentence it came from on hover and on keyboard focus,
 * because numbers in machine-made summaries are what readers check. Esc closes it. A chip with
 * no sentence does nothing, so it is no Tab stop.
 */
export function KeyNumberChips({ numbers, idPrefix, lang = 'zh-CN' }: { numbers: KeyNumber[]; idPrefix: string; lang?: string }) {
  const [open, setOpen] = useState<number | null>(null);
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const closedByEsc = useRef(false);
  useEffect(() => {
    if (open === null) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      closedByEsc.current = true;
      setOpen(null);
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [open]);
  // The same figure said twice (`70B 规模模型`) is one chip; both places stay marked.
  const seen = new Set<string>();
  const chips = numbers.filter((k) => !seen.has(`${chipText(k)}\n${k.label}`) && !!seen.add(`${chipText(k)}\n${k.label}`));
  if (!chips.length) return null;
  const show = (i: number, el: HTMLElement) => {
    setAnchor(el);
    setOpen(i);
  };
  return (
    <ul class="chips" aria-label={t('panelKeyNumbers')}>
      {chips.map((k, i) => {
        const body = (
          <>
            <span class="chip-value">{chipText(k)}</span>
            {k.label && <span class="chip-label">{k.label}</span>}
          </>
        );
        if (!k.sentence) {
          return (
            <li key={`${k.start}`}>
              <span class="chip">{body}</span>
            </li>
          );
        }
        const tipId = `${idPrefix}-src-${i}`;
        return (
          <li key={`${k.start}`} onMouseEnter={(e) => show(i, (e.currentTarget as HTMLElement).firstElementChild as HTMLElement)} onMouseLeave={() => setOpen((o) => (o === i ? null : o))}>
            <button
              type="button"
              class="chip"
              aria-describedby={tipId}
              onFocus={(e) => {
                if (!closedByEsc.current) show(i, e.currentTarget as HTMLElement);
                closedByEsc.current = false;
              }}
              onBlur={() => setOpen((o) => (o === i ? null : o))}
              onClick={(e) => (open === i ? setOpen(null) : show(i, e.currentTarget as HTMLElement))}
            >
              {body}
            </button>
            <Tooltip anchor={anchor} id={tipId} text={k.sentence} open={open === i} lang={lang} />
          </li>
        );
      })}
    </ul>
  );
}

/** The summary's paragraphs with each key number marked where it stands. Text only. */
export function HighlightedSummary({ text, numbers, marks, lang = 'zh-CN' }: { text: string; numbers: KeyNumber[]; marks: boolean; lang?: string }) {
  const paragraphs: Array<Array<string | KeyNumber>> = [[]];
  let at = 0;
  const push = (chunk: string) => {
    const parts = chunk.split(/\n\s*\n/);
    parts.forEach((p, i) => {
      if (i > 0) paragraphs.push([]);
      if (p) paragraphs[paragraphs.length - 1].push(p);
    });
  };
  for (const k of marks ? [...numbers].sort((a, b) => a.start - b.start) : []) {
    if (k.start < at) continue;
    push(text.slice(at, k.start));
    paragraphs[paragraphs.length - 1].push(k);
    at = k.end;
  }
  push(text.slice(at));
  return (
    <div class="summary" lang={lang}>
      {paragraphs.map((p, i) => (
        <p key={i}>{p.map((part) => (typeof part === 'string' ? part : <mark title={part.sentence}>{part.text}</mark>))}</p>
      ))}
    </div>
  );
}

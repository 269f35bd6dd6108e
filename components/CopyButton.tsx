/** "Copy summary", one button for the panel (arXiv's pages, side panel, preview) and the popup over a PDF. */
import { useEffect, useState } from 'preact/hooks';
import { absUrl, formatArxivId } from '../lib/arxiv/ids';
import type { DigestEntry } from '../lib/digest/types';
import { t } from './i18n';

/** What is copied: the Chinese title, the summary and the paper's abstract page. */
export function copyTextOf(entry: DigestEntry): string {
  return [entry.titleZh, entry.summaryZh, absUrl(formatArxivId({ id: entry.arxivId, version: entry.version }))].filter(Boolean).join('\n\n');
}

/** Copies the entry, then says whether it worked for two seconds. */
export function CopyButton({ entry, class: className }: { entry: DigestEntry; class: string }) {
  const [state, setState] = useState<'idle' | 'done' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 2000);
    return () => clearTimeout(timer);
  }, [state]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(copyTextOf(entry));
      setState('done');
    } catch {
      setState('failed');
    }
  };
  return (
    <button type="button" class={className} onClick={() => void copy()} aria-live="polite">
      {t(state === 'done' ? 'panelCopied' : state === 'failed' ? 'panelCopyFailed' : 'panelCopy')}
    </button>
  );
}

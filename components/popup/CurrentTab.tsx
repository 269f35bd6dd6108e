import { useEffect, useState } from 'preact/hooks';
import { detectPage } from '../../lib/arxiv/pages';
import type { LookupHit } from '../../lib/messaging';
import { t } from '../i18n';
import { HighlightedSummary, KeyNumberChips } from '../KeyNumberChips';
import type { Ask } from './client';

/** What the current tab has: its paper's id and Chinese title (the whole summary on a PDF). */
export function CurrentTab({ url, ask, stamp }: { url: string | null; ask: Ask; stamp: number }) {
  const page = url ? detectPage(url) : null;
  const [hit, setHit] = useState<LookupHit | null | undefined>(undefined);
  const id = page?.ref?.id ?? null;
  useEffect(() => {
    if (!id) return;
    let live = true;
    ask('lookup', { id })
      .then((h) => live && setHit(h))
      .catch(() => live && setHit(null));
    return () => {
      live = false;
    };
  }, [id, stamp]);

  let body;
  if (!page || page.kind === 'other' || (!id && page.kind !== 'listing' && page.kind !== 'search')) body = <p class="hint">{t('notArxiv')}</p>;
  else if (page.kind === 'listing' || page.kind === 'search') body = <p class="hint">{t('arxivListing')}</p>;
  else if (hit === undefined) body = <p class="paper-id">arXiv:{id}</p>;
  else if (!hit)
    body = (
      <>
        <p class="paper-id">arXiv:{id}</p>
        <p class="hint" data-testid="not-covered">
          {t('notCovered')}
        </p>
      </>
    );
  else {
    const { entry } = hit;
    body = (
      <>
        <p class="paper-id">
          arXiv:{entry.arxivId}
          {entry.version ? ` · ${t('version', entry.version)}` : ''}
        </p>
        {entry.titleZh && (
          <h2 class="paper-title" lang="zh-CN">
            {entry.titleZh}
          </h2>
        )}
        {page.kind === 'pdf' ? (
          <>
            <p class="hint">{t('pdfHint')}</p>
            <HighlightedSummary text={entry.summaryZh} numbers={entry.keyNumbers} marks />
          </>
        ) : null}
        <KeyNumberChips numbers={entry.keyNumbers} idPrefix="popup" />
        <p class="from">{t('fromDigest', hit.source.name)}</p>
      </>
    );
  }
  return (
    <section class="card current" aria-labelledby="current-h">
      <h2 id="current-h" class="card-h">
        {t('currentTab')}
      </h2>
      {body}
    </section>
  );
}

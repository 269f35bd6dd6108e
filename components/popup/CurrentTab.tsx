import { useEffect, useState } from 'preact/hooks';
import { detectPage } from '../../lib/arxiv/pages';
import type { LookupHit, SourceInfo } from '../../lib/messaging';
import { errorText, t } from '../i18n';
import { HighlightedSummary, KeyNumberChips } from '../KeyNumberChips';
import { useHitIn, type ZhView } from '../use-zh-script';
import type { Ask } from './client';
import { CopyButton } from '../CopyButton';

export interface CurrentTabProps {
  /** The reader's 简体 / 繁體. */
  zh: ZhView;
  url: string | null;
  ask: Ask;
  stamp: number;
  /** The digests a look-up asks (to say which were asked when none covers the paper). */
  sources: SourceInfo[] | null;
  /** Opens a section of the options page (`subscriptions`, `digests`). */
  openOptions: (section?: string) => void;
  /** Puts the focus in the search box. */
  onSearch: () => void;
}

type Answer = { kind: 'waiting' } | { kind: 'hit'; hit: LookupHit | null } | { kind: 'failed'; text: string };

/** What the current tab has: its paper's id and Chinese title (the whole summary on a PDF). */
export function CurrentTab({ zh, url, ask, stamp, sources, openOptions, onSearch }: CurrentTabProps) {
  const page = url ? detectPage(url) : null;
  const [answer, setAnswer] = useState<Answer>({ kind: 'waiting' });
  const [retries, setRetries] = useState(0);
  const id = page?.ref?.id ?? null;
  useEffect(() => {
    if (!id) return;
    let live = true;
    ask('lookup', { id })
      .then((hit) => live && setAnswer({ kind: 'hit', hit }))
      .catch((err: unknown) => live && setAnswer({ kind: 'failed', text: errorText(err) }));
    return () => {
      live = false;
    };
  }, [id, stamp, retries]);
  const shown = useHitIn(zh, answer.kind === 'hit' ? answer.hit : null);

  let body;
  if (!page || page.kind === 'other' || (!id && page.kind !== 'listing' && page.kind !== 'search')) body = <p class="hint">{t('notArxiv')}</p>;
  else if (page.kind === 'listing' || page.kind === 'search') body = <p class="hint">{t('arxivListing')}</p>;
  else if (answer.kind === 'waiting' || (shown && !zh.ready)) body = <p class="paper-id">arXiv:{id}</p>;
  else if (answer.kind === 'failed')
    body = (
      <>
        <p class="paper-id">arXiv:{id}</p>
        <div class="status error" role="alert" data-testid="cache-failed">
          <p>{t('popCacheFailed', answer.text)}</p>
          <button
            type="button"
            onClick={() => {
              setAnswer({ kind: 'waiting' });
              setRetries((n) => n + 1);
            }}
          >
            {t('popRetry')}
          </button>
        </div>
      </>
    );
  else if (!shown) body = <NotCovered id={id!} ask={ask} sources={sources} openOptions={openOptions} onSearch={onSearch} />;
  else {
    const { entry } = shown;
    body = (
      <>
        <p class="paper-id">
          arXiv:{entry.arxivId}
          {entry.version ? ` · ${t('version', entry.version)}` : ''}
        </p>
        {entry.titleZh && (
          <h2 class="paper-title" lang={zh.lang}>
            {entry.titleZh}
          </h2>
        )}
        {page.kind === 'pdf' ? (
          <>
            <p class="hint">{t('pdfHint')}</p>
            <div class="pdf-summary" tabIndex={0}>
              <HighlightedSummary text={entry.summaryZh} numbers={entry.keyNumbers} marks lang={zh.lang} />
            </div>
          </>
        ) : (
          // On a PDF the marks in the summary stand for the chips: the popup has 600 px.
          <KeyNumberChips numbers={entry.keyNumbers} idPrefix="popup" lang={zh.lang} />
        )}
        <div class="from-row">
          <p class="from">{t('fromDigest', shown.source.name)}</p>
          {page.kind === 'pdf' && <CopyButton entry={entry} class="copy" />}
        </div>
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

/** Not a dead end: which digests were asked, and what would cover the paper. */
function NotCovered({ id, ask, sources, openOptions, onSearch }: { id: string; ask: Ask; sources: SourceInfo[] | null; openOptions: (section?: string) => void; onSearch: () => void }) {
  const names = sources?.map((s) => s.name) ?? [];
  // Subscriptions asked too (a per-paper one fetches on demand); unknown when the list cannot be read.
  const [subs, setSubs] = useState<string[] | null>(null);
  useEffect(() => {
    let live = true;
    ask('listSubscriptions', {}).then(
      (r) => live && setSubs(r.subscriptions.map((s) => s.name)),
      () => live && setSubs(null),
    );
    return () => {
      live = false;
    };
  }, [id]);
  return (
    <>
      <p class="paper-id">arXiv:{id}</p>
      <p class="hint" data-testid="not-covered">
        {t('notCovered')}
      </p>
      <p class="hint asked" data-testid="asked">
        {names.length ? t('popAsked', names.join(t('listSeparator'))) : t('popAskedNone')}
      </p>
      {subs && (
        <p class="hint asked" data-testid="subs-asked">
          {subs.length ? t('popSubsAsked', subs.join(t('listSeparator'))) : t('popSubsNone')}
        </p>
      )}
      <p class="hint">{t('popCoverHint')}</p>
      <p class="offers">
        <button type="button" onClick={() => openOptions('subscriptions')}>
          {t('popCoverSubscribe')}
        </button>
        <button type="button" onClick={() => openOptions('digests')}>
          {t('popCoverImport')}
        </button>
        <button type="button" onClick={onSearch}>
          {t('popCoverSearch')}
        </button>
      </p>
    </>
  );
}

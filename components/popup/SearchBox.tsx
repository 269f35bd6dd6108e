import { useEffect, useState } from 'preact/hooks';
import { absUrl } from '../../lib/arxiv/ids';
import type { LookupHit } from '../../lib/messaging';
import { errorText, t } from '../i18n';
import { textIn, type ZhView } from '../use-zh-script';
import type { Ask } from './client';

/** Search over the cache by id, English or Chinese title, or words of the summary. */
/** `zh`: the reader's 简体 / 繁體, for the Chinese titles found. */
export function SearchBox({ ask, stamp, zh }: { ask: Ask; stamp: number; zh?: ZhView }) {
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<LookupHit[] | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  useEffect(() => {
    const q = query.trim();
    setFailed(null);
    if (!q) return setResults(null);
    let live = true;
    const timer = setTimeout(() => {
      ask('search', { query: q, limit: 30 })
        .then((r) => live && setResults(r))
        .catch((err: unknown) => {
          if (!live) return;
          setResults(null);
          setFailed(errorText(err));
        });
    }, 120);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [query, stamp]);
  return (
    <section class="card" aria-labelledby="search-h">
      <h2 id="search-h" class="card-h">
        <label for="search-input">{t('search')}</label>
      </h2>
      <input id="search-input" type="search" value={query} placeholder={t('searchPlaceholder')} onInput={(e) => setQuery((e.target as HTMLInputElement).value)} />
      {failed && (
        <p class="status error" role="alert" data-testid="search-failed">
          {t('popSearchFailed', failed)}
        </p>
      )}
      {results && results.length === 0 && <p class="hint">{t('noResults')}</p>}
      {results && results.length > 0 && (
        <ul class="results" aria-label={t('search')}>
          {results.map((h) => (
            <li key={h.entry.arxivId}>
              <a href={absUrl(h.entry.arxivId)} target="_blank" rel="noopener noreferrer">
                <span class="r-title" lang={h.entry.titleZh ? (zh?.lang ?? 'zh-CN') : 'en'}>
                  {h.entry.titleZh && zh ? textIn(zh, h.entry.titleZh) : h.entry.titleZh || h.entry.titleEn}
                </span>
                <span class="r-meta">
                  arXiv:{h.entry.arxivId}
                  {h.entry.titleZh && h.entry.titleEn ? ` · ${h.entry.titleEn}` : ''}
                </span>
              </a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

import { useEffect, useState } from 'preact/hooks';
import { DigestError, decodeDigestWithEncoding } from '../../lib/digest/parse';
import type { ImportResult, SourceInfo } from '../../lib/messaging';
import { errorText, t } from '../i18n';
import type { Ask } from '../popup/client';
import { importReport, type ImportList } from './import-report';

const FILE_TYPES = ['.md', '.markdown', '.txt', '.json', '.jsonl'];

type Status = { kind: 'busy' | 'ok' | 'error'; lines: string[]; lists?: ImportList[] } | null;

// One formatter for every row: toLocaleString builds a new one per call.
const dateTime = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });

export interface DigestsSectionProps {
  ask: Ask;
  stamp: number;
  /** Asks for host access to a digest's site (optional_host_permissions), in the click's gesture. */
  requestOrigin: (origin: string) => Promise<boolean>;
  /** Saves the export as a file. */
  save: (text: string, filename: string) => void;
  /** Puts the bundled digest back (after the reader deleted it). */
  restoreBundled: () => Promise<ImportResult>;
  /** The reader's order of digests (first answers first), when the background takes one. */
  reorder?: (order: number[]) => Promise<SourceInfo[]>;
}

/** A file's bytes refused before anything is sent, worded as the background's reasons are. */
function fileError(err: unknown, name: string): unknown {
  if (!(err instanceof DigestError)) return err;
  const mb = err.code === 'too-large' ? err.message.match(/[\d.]+ MB/)?.[0].replace(' MB', '') : undefined;
  return { code: 'invalid-digest', message: err.message, reason: err.code === 'too-large' ? 'file-too-large' : err.code, params: { name, mb: mb ?? '', limitMb: 20 } };
}

/** The digests: their order, rename, delete (confirmed), export, import, and the bundled one back. */
export function DigestsSection({ ask, stamp, requestOrigin, save, restoreBundled, reorder }: DigestsSectionProps) {
  const [sources, setSources] = useState<SourceInfo[] | null>(null);
  const [loadFailed, setLoadFailed] = useState<string | null>(null);
  const [status, setStatus] = useState<Status>(null);
  const [confirming, setConfirming] = useState<number | null>(null);
  const [renaming, setRenaming] = useState<{ id: number; name: string } | null>(null);
  const [url, setUrl] = useState('');
  const refresh = () =>
    ask('listSources', {}).then(
      (list) => {
        setSources(list);
        setLoadFailed(null);
      },
      (err: unknown) => setLoadFailed(errorText(err)),
    );
  useEffect(() => void refresh(), [stamp]);

  const fail = (err: unknown, prefix?: 'importFailed') => setStatus({ kind: 'error', lines: [prefix ? t(prefix, errorText(err)) : errorText(err)] });
  const report = (r: ImportResult, encoding?: string) => {
    setStatus({ kind: 'ok', ...importReport(r, encoding) });
  };

  const importFile = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    const ext = file.name.includes('.') ? file.name.slice(file.name.lastIndexOf('.')).toLowerCase() : '';
    if (!FILE_TYPES.includes(ext)) return setStatus({ kind: 'error', lines: [t('wrongType', file.name)] });
    setStatus({ kind: 'busy', lines: [t('importing', file.name)] });
    try {
      // Size, binary and encoding are checked here, before anything is sent.
      let decoded: ReturnType<typeof decodeDigestWithEncoding>;
      try {
        decoded = decodeDigestWithEncoding(new Uint8Array(await file.arrayBuffer()));
      } catch (err) {
        throw fileError(err, file.name);
      }
      report(await ask('importDigest', { text: decoded.text, name: file.name, origin: 'file' }), decoded.encoding);
    } catch (err) {
      fail(err, 'importFailed');
    }
    void refresh();
  };

  const importUrl = async (e: Event) => {
    e.preventDefault();
    let parsed: URL;
    try {
      parsed = new URL(url.trim());
    } catch {
      return setStatus({ kind: 'error', lines: [t('notHttps')] });
    }
    if (parsed.protocol !== 'https:') return setStatus({ kind: 'error', lines: [t('notHttps')] });
    // Must be asked within the click: host access beyond arXiv is optional.
    const granted = await requestOrigin(`${parsed.origin}/*`).catch(() => false);
    if (!granted) return setStatus({ kind: 'error', lines: [t('permissionDenied', parsed.host)] });
    setStatus({ kind: 'busy', lines: [t('importing', parsed.href)] });
    try {
      report(await ask('importUrl', { url: parsed.href }));
      setUrl('');
    } catch (err) {
      fail(err, 'importFailed');
    }
    void refresh();
  };

  const remove = async (s: SourceInfo) => {
    setConfirming(null);
    try {
      const r = await ask('deleteSource', { id: s.id });
      setStatus({ kind: 'ok', lines: [t('deleted', s.name, r.removed)] });
    } catch (err) {
      fail(err);
    }
    void refresh();
  };

  const rename = async (e: Event) => {
    e.preventDefault();
    if (!renaming) return;
    try {
      const s = await ask('renameSource', { id: renaming.id, name: renaming.name });
      setRenaming(null);
      setStatus({ kind: 'ok', lines: [t('optRenamed', s.name)] });
    } catch (err) {
      fail(err);
    }
    void refresh();
  };

  const move = async (index: number, by: -1 | 1) => {
    if (!sources || !reorder) return;
    const order = sources.map((s) => s.id);
    [order[index], order[index + by]] = [order[index + by], order[index]];
    try {
      setSources(await reorder(order));
    } catch (err) {
      fail(err);
    }
  };

  const restore = async () => {
    try {
      const r = await restoreBundled();
      setStatus({ kind: 'ok', lines: [t('optRestored', r.imported)] });
    } catch (err) {
      fail(err);
    }
    void refresh();
  };

  const exportAll = async () => {
    try {
      const r = await ask('exportAll', {});
      save(r.text, `arxiv-digest-export-${new Date().toISOString().slice(0, 10)}.json`);
      setStatus({ kind: 'ok', lines: [t('exported', r.entries)] });
    } catch (err) {
      fail(err);
    }
  };

  const origin = (s: SourceInfo) => t(s.origin === 'bundled' ? 'originBundled' : s.origin === 'url' ? 'originUrl' : s.origin === 'subscription' ? 'originSubscription' : 'originFile');
  const total = sources?.reduce((n, s) => n + s.entryCount, 0) ?? 0;
  const hasBundled = sources?.some((s) => s.origin === 'bundled') ?? true;

  return (
    <section id="digests" class="card opt-section" aria-labelledby="digests-h">
      <h2 id="digests-h">
        {t('optSecDigests')} <span class="muted">{sources ? t('totalEntries', total) : ''}</span>
      </h2>
      {loadFailed && (
        <div class="status error" role="alert">
          <p>{t('optLoadFailed', loadFailed)}</p>
          <button type="button" onClick={() => void refresh()}>
            {t('popRetry')}
          </button>
        </div>
      )}
      {sources && sources.length === 0 && (
        <p class="empty" data-testid="empty-cache">
          {t('optEmpty')}
        </p>
      )}
      {sources && sources.length > 1 && <p class="hint">{t('optOrderHint')}</p>}
      <ol class="sources">
        {sources?.map((s, i) => (
          <li key={s.id} class="source">
            {reorder && sources.length > 1 && (
              <span class="order">
                <button type="button" aria-label={t('optMoveUp', s.name)} disabled={i === 0} onClick={() => void move(i, -1)}>
                  ↑
                </button>
                <button type="button" aria-label={t('optMoveDown', s.name)} disabled={i === sources.length - 1} onClick={() => void move(i, 1)}>
                  ↓
                </button>
              </span>
            )}
            {renaming?.id === s.id ? (
              <form class="s-main rename" onSubmit={(e) => void rename(e)}>
                <input
                  type="text"
                  aria-label={t('optRenameLabel', s.name)}
                  value={renaming.name}
                  onInput={(e) => setRenaming({ id: s.id, name: (e.target as HTMLInputElement).value })}
                  ref={(el) => el?.focus()}
                />
                <button type="submit">{t('optSave')}</button>
                <button type="button" onClick={() => setRenaming(null)}>
                  {t('cancel')}
                </button>
              </form>
            ) : (
              <div class="s-main">
                <span class="s-name">{s.name}</span>
                <span class="s-meta">
                  {t('entriesCount', s.entryCount)} · {origin(s)} · {t('importedAt', dateTime.format(s.importedAt))}
                </span>
              </div>
            )}
            {confirming === s.id ? (
              <span class="s-actions">
                <button type="button" class="danger" onClick={() => void remove(s)}>
                  {t('confirmDelete')}
                </button>
                <button type="button" onClick={() => setConfirming(null)}>
                  {t('cancel')}
                </button>
              </span>
            ) : (
              renaming?.id !== s.id && (
                <span class="s-actions">
                  <button type="button" aria-label={`${t('optRename')} ${s.name}`} onClick={() => setRenaming({ id: s.id, name: s.name })}>
                    {t('optRename')}
                  </button>
                  <button type="button" aria-label={`${t('delete')} ${s.name}`} onClick={() => setConfirming(s.id)}>
                    {t('delete')}
                  </button>
                </span>
              )
            )}
          </li>
        ))}
      </ol>
      <div class="digest-actions">
        {!hasBundled && (
          <button type="button" onClick={() => void restore()}>
            {t('optRestore')}
          </button>
        )}
        <button type="button" disabled={total === 0} title={total === 0 ? t('optExportNothing') : undefined} onClick={() => void exportAll()}>
          {t('exportAll')}
        </button>
      </div>
      <h3>{t('optImportTitle')}</h3>
      <div class="import">
        <label class="file">
          <span>{t('importFile')}</span>
          <input type="file" accept={FILE_TYPES.join(',')} onChange={(e) => void importFile(e.target as HTMLInputElement)} />
        </label>
        <form class="url" onSubmit={(e) => void importUrl(e)}>
          <label for="digest-url" class="sr-only">
            {t('importUrl')}
          </label>
          <input id="digest-url" type="url" placeholder="https://…/digest.md" value={url} onInput={(e) => setUrl((e.target as HTMLInputElement).value)} />
          <button type="submit">{t('importUrlButton')}</button>
        </form>
      </div>
      {status && (
        <div class={`status ${status.kind}`} role={status.kind === 'error' ? 'alert' : 'status'} data-testid="import-status">
          {status.lines.map((line) => (
            <p key={line}>{line}</p>
          ))}
          {status.lists?.map((list) => (
            <div class={`import-list ${list.kind}`} key={list.kind} data-testid={`import-${list.kind}`}>
              <p>{list.head}</p>
              <ul class="warnings">
                {list.items.map((w, i) => (
                  <li key={i}>{w}</li>
                ))}
              </ul>
            </div>
          ))}
        </div>
      )}
    </section>
  );
}

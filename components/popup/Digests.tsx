import { useEffect, useState } from 'preact/hooks';
import { decodeDigest } from '../../lib/digest/parse';
import type { ImportResult, SourceInfo } from '../../lib/messaging';
import { t } from '../i18n';
import { errorText, type Ask } from './client';

const FILE_TYPES = ['.md', '.markdown', '.txt', '.json', '.jsonl'];

type Status = { kind: 'busy' | 'ok' | 'error'; text: string; warnings?: ImportResult['warnings'] } | null;

// One formatter for every row: toLocaleString builds a new one per call (~0.5 ms each here).
const dateTime = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });

function when(ms: number): string {
  return dateTime.format(ms);
}

export interface DigestsProps {
  ask: Ask;
  stamp: number;
  /** Asks for host access to a digest's site (optional_host_permissions), in the click's gesture. */
  requestOrigin: (origin: string) => Promise<boolean>;
  /** Saves the export; the popup downloads it as a file. */
  save: (text: string, filename: string) => void;
  /** The list to show until the first answer comes. */
  firstSources?: SourceInfo[];
}

export function Digests({ ask, stamp, requestOrigin, save, firstSources }: DigestsProps) {
  const [sources, setSources] = useState<SourceInfo[] | null>(firstSources ?? null);
  const [status, setStatus] = useState<Status>(null);
  const [confirming, setConfirming] = useState<number | null>(null);
  const [url, setUrl] = useState('');
  const refresh = () => ask('listSources', {}).then(setSources, () => setSources([]));
  useEffect(() => void refresh(), [stamp]);

  const report = (r: ImportResult) =>
    setStatus({
      kind: 'ok',
      text: r.unchanged ? t('importUnchanged', r.source.name) : t('importDone', r.imported, r.skipped),
      warnings: r.warnings,
    });

  const importFile = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    const ext = file.name.includes('.') ? file.name.slice(file.name.lastIndexOf('.')).toLowerCase() : '';
    if (!FILE_TYPES.includes(ext)) return setStatus({ kind: 'error', text: t('wrongType', file.name) });
    setStatus({ kind: 'busy', text: t('importing', file.name) });
    try {
      // Size, binary and encoding are checked here, before anything is sent.
      const text = decodeDigest(new Uint8Array(await file.arrayBuffer()));
      report(await ask('importDigest', { text, name: file.name, origin: 'file' }));
    } catch (err) {
      setStatus({ kind: 'error', text: t('importFailed', errorText(err)) });
    }
    void refresh();
  };

  const importUrl = async (e: Event) => {
    e.preventDefault();
    let parsed: URL;
    try {
      parsed = new URL(url.trim());
    } catch {
      return setStatus({ kind: 'error', text: t('notHttps') });
    }
    if (parsed.protocol !== 'https:') return setStatus({ kind: 'error', text: t('notHttps') });
    // Must be asked within the click: host access beyond arXiv is optional.
    const granted = await requestOrigin(`${parsed.origin}/*`).catch(() => false);
    if (!granted) return setStatus({ kind: 'error', text: t('permissionDenied', parsed.host) });
    setStatus({ kind: 'busy', text: t('importing', parsed.href) });
    try {
      report(await ask('importUrl', { url: parsed.href }));
      setUrl('');
    } catch (err) {
      setStatus({ kind: 'error', text: t('importFailed', errorText(err)) });
    }
    void refresh();
  };

  const remove = async (s: SourceInfo) => {
    setConfirming(null);
    try {
      const r = await ask('deleteSource', { id: s.id });
      setStatus({ kind: 'ok', text: t('deleted', s.name, r.removed) });
    } catch (err) {
      setStatus({ kind: 'error', text: errorText(err) });
    }
    void refresh();
  };

  const exportAll = async () => {
    try {
      const r = await ask('exportAll', {});
      save(r.text, `arxiv-digest-export-${new Date().toISOString().slice(0, 10)}.json`);
      setStatus({ kind: 'ok', text: t('exported', r.entries) });
    } catch (err) {
      setStatus({ kind: 'error', text: errorText(err) });
    }
  };

  const origin = (s: SourceInfo) => t(s.origin === 'bundled' ? 'originBundled' : s.origin === 'url' ? 'originUrl' : 'originFile');
  const total = sources?.reduce((n, s) => n + s.entryCount, 0) ?? 0;

  return (
    <section class="card" aria-labelledby="digests-h">
      <h2 id="digests-h" class="card-h">
        {t('digests')} <span class="muted">{sources ? t('totalEntries', total) : ''}</span>
      </h2>
      <ul class="sources">
        {sources?.map((s) => (
          <li key={s.id} class="source">
            <div class="s-main">
              <span class="s-name">{s.name}</span>
              <span class="s-meta">
                {t('entriesCount', s.entryCount)} · {origin(s)} · {t('importedAt', when(s.importedAt))}
              </span>
            </div>
            {confirming === s.id ? (
              <span class="s-actions">
                <button type="button" class="danger" onClick={() => remove(s)}>
                  {t('confirmDelete')}
                </button>
                <button type="button" onClick={() => setConfirming(null)}>
                  {t('cancel')}
                </button>
              </span>
            ) : (
              <button type="button" aria-label={`${t('delete')} ${s.name}`} onClick={() => setConfirming(s.id)}>
                {t('delete')}
              </button>
            )}
          </li>
        ))}
      </ul>
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
        <button type="button" onClick={() => void exportAll()}>
          {t('exportAll')}
        </button>
      </div>
      {status && (
        <div class={`status ${status.kind}`} role={status.kind === 'error' ? 'alert' : 'status'}>
          <p>{status.text}</p>
          {status.warnings && status.warnings.length > 0 && (
            <ul class="warnings">
              {status.warnings.map((w) => (
                <li key={`${w.line}-${w.message}`}>{t('warningLine', w.line, w.message)}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}

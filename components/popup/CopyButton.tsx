import { useState } from 'preact/hooks';
import { t } from '../i18n';

/** Copies `text`, then says whether it worked for two seconds. */
export function CopyButton({ text }: { text: string }) {
  const [state, setState] = useState<'idle' | 'done' | 'failed'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState('done');
    } catch {
      setState('failed');
    }
    setTimeout(() => setState('idle'), 2000);
  };
  return (
    <button type="button" class="copy" onClick={() => void copy()} aria-live="polite">
      {state === 'done' ? t('popCopied') : state === 'failed' ? t('popCopyFailed') : t('popCopy')}
    </button>
  );
}

import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n';

export interface Command {
  name?: string;
  description?: string;
  shortcut?: string;
}

export interface KeyboardSectionProps {
  /** `browser.commands.getAll()`: each command with the key the reader gave it. */
  commands: () => Promise<Command[]>;
  /** Opens the browser's shortcuts page; absent where a page cannot open it (Firefox). */
  openShortcuts?: () => void;
}

/** The commands and their keys; they are changed on the browser's own shortcuts page. */
export function KeyboardSection({ commands, openShortcuts }: KeyboardSectionProps) {
  const [list, setList] = useState<Command[] | null>(null);
  useEffect(() => void commands().then(setList, () => setList([])), []);
  return (
    <section id="keyboard" class="card opt-section" aria-labelledby="keyboard-h">
      <h2 id="keyboard-h">{t('optSecKeyboard')}</h2>
      <dl class="commands">
        {list?.map((c) => (
          <div class="row" key={c.name}>
            <dt>{c.name?.startsWith('_execute') ? t('optCommandAction') : c.description || c.name}</dt>
            <dd>{c.shortcut ? <kbd>{c.shortcut}</kbd> : <span class="muted">{t('optShortcutNone')}</span>}</dd>
          </div>
        ))}
      </dl>
      {openShortcuts ? (
        <p class="hint">
          {t('optShortcutsHow')} <code>chrome://extensions/shortcuts</code>{' '}
          <button type="button" onClick={openShortcuts}>
            {t('optShortcutsOpen')}
          </button>
        </p>
      ) : (
        <p class="hint">{t('optShortcutsFirefox')}</p>
      )}
      <p class="hint">{t('optKeyboardHint')}</p>
    </section>
  );
}

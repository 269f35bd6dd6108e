import { DISPLAY_MODES, type DisplayMode } from '../../storage/settings';
import { t, type MessageKey } from '../i18n';

const LABEL: Record<DisplayMode, MessageKey> = { zh: 'modeZh', bilingual: 'modeBilingual', en: 'modeEn' };

/** 中文 / 双语 / English in the UI's own language (the panel in arXiv's page keeps its Chinese labels). */
export function ModeChoice({ mode, onMode }: { mode: DisplayMode; onMode: (m: DisplayMode) => void }) {
  return (
    <div class="modes" role="radiogroup" aria-label={t('displayMode')}>
      {DISPLAY_MODES.map((m) => (
        <button type="button" role="radio" aria-checked={mode === m} class={mode === m ? 'mode on' : 'mode'} onClick={() => onMode(m)} key={m}>
          {t(LABEL[m])}
        </button>
      ))}
    </div>
  );
}

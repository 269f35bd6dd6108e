import type { LookupHit } from '../../lib/messaging';
import type { Settings } from '../../storage/settings';
import { t } from '../i18n';
import { SettingRows } from '../SettingRows';
import { PanelPreview } from './PanelPreview';

/** Everything the panel and the badges can be set to, beside the real panel showing it. */
export function DisplaySection({ settings, sample }: { settings: Settings | null; sample: LookupHit | null }) {
  return (
    <section id="display" class="card opt-section" aria-labelledby="display-h">
      <h2 id="display-h">{t('optSecDisplay')}</h2>
      {settings && (
        <>
          <SettingRows settings={settings} />
          {sample && (
            <div class="preview">
              <h3>{t('optPreview')}</h3>
              <p class="hint">{settings.overlayEnabled ? t('optPreviewHint') : t('optPreviewOff')}</p>
              <PanelPreview sample={sample} settings={settings} />
            </div>
          )}
        </>
      )}
    </section>
  );
}

import type { LookupHit } from '../../lib/messaging';
import { displayMode, listingTitles, overlayEnabled, panelCollapsed, showKeyNumbers, zhScript, type Settings } from '../../storage/settings';
import { t } from '../i18n';
import { ModeChoice } from '../popup/ModeChoice';
import { Switch } from '../Switch';
import { ZhScriptChoice } from '../ZhScriptChoice';
import { PanelPreview } from './PanelPreview';

/** Everything the panel and the badges can be set to, beside the real panel showing it. */
export function DisplaySection({ settings, sample }: { settings: Settings | null; sample: LookupHit | null }) {
  return (
    <section id="display" class="card opt-section" aria-labelledby="display-h">
      <h2 id="display-h">{t('optSecDisplay')}</h2>
      {settings && (
        <>
          <div class="row">
            <span>{t('overlaySwitch')}</span>
            <Switch checked={settings.overlayEnabled} label={t('overlaySwitch')} onChange={(on) => void overlayEnabled.setValue(on)} />
          </div>
          <div class="row">
            <span>{t('displayMode')}</span>
            <ModeChoice mode={settings.displayMode} onMode={(m) => void displayMode.setValue(m)} />
          </div>
          <div class="row">
            <label for="zh-script">{t('zhScript')}</label>
            <ZhScriptChoice id="zh-script" value={settings.zhScript} onChange={(v) => void zhScript.setValue(v)} />
          </div>
          <div class="row">
            <span>{t('keyNumbers')}</span>
            <Switch checked={settings.showKeyNumbers} label={t('keyNumbers')} onChange={(on) => void showKeyNumbers.setValue(on)} />
          </div>
          <div class="row">
            <span>{t('optCollapsed')}</span>
            <Switch checked={settings.panelCollapsed} label={t('optCollapsed')} onChange={(on) => void panelCollapsed.setValue(on)} />
          </div>
          <div class="row">
            <span>{t('listingTitles')}</span>
            <Switch checked={settings.listingTitles} label={t('listingTitles')} onChange={(on) => void listingTitles.setValue(on)} />
          </div>
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

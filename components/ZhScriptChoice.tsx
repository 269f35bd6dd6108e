import { ZH_SCRIPT_SETTINGS, type ZhScriptSetting } from '../storage/settings';
import { t, type MessageKey } from './i18n';
import { resolveScript } from './zh-script';

const LABEL: Record<Exclude<ZhScriptSetting, 'auto'>, MessageKey> = { hans: 'zhScriptHans', tw: 'zhScriptTw', hk: 'zhScriptHk' };

/** 简体 / 繁體（台灣）/ 繁體（香港）, or `auto` (named with what the browser's language makes of it). */
export function ZhScriptChoice({ value, onChange, id }: { value: ZhScriptSetting; onChange: (v: ZhScriptSetting) => void; id?: string }) {
  return (
    <select class="script" id={id} aria-label={t('zhScript')} value={value} onChange={(e) => onChange((e.target as HTMLSelectElement).value as ZhScriptSetting)}>
      {ZH_SCRIPT_SETTINGS.map((s) => (
        <option value={s} key={s}>
          {s === 'auto' ? t('zhScriptAuto', t(LABEL[resolveScript('auto')])) : t(LABEL[s])}
        </option>
      ))}
    </select>
  );
}

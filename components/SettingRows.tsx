/**
 * The display rows of the options page and of the popup, one source for both, drawn from the
 * settings' own declarations (storage/settings.ts `SETTINGS`): a new setting gets its row here
 * without an edit.
 */
import { SETTING_KEYS, SETTINGS, setSetting, type SettingKey, type Settings, type SettingSpec, type SettingUi } from '../storage/settings';
import { t } from './i18n';
import { Switch } from './Switch';

type Choices = Extract<SettingUi<string>, { choices: unknown }>;

const uiOf = (key: SettingKey): SettingUi<unknown> | undefined => (SETTINGS[key] as unknown as SettingSpec<unknown>).ui;

/** One setting's control, labelled with its words (the row shows them too). */
function Control({ name, value }: { name: SettingKey; value: unknown }) {
  const ui = uiOf(name)!;
  const set = (v: unknown) => void setSetting(name, v as never);
  const label = t(ui.label);
  if (ui.control === 'switch') return <Switch checked={value === true} label={label} onChange={set} />;
  const choice = ui as unknown as Choices;
  const values = Object.keys(choice.choices);
  const words = (v: string) => {
    const stands = choice.means?.(v);
    return stands !== undefined && stands !== v ? t(choice.choices[v], t(choice.choices[stands])) : t(choice.choices[v]);
  };
  if (ui.control === 'select')
    return (
      <select class="choice" id={`setting-${name}`} aria-label={label} value={String(value)} onChange={(e) => set((e.target as HTMLSelectElement).value)}>
        {values.map((v) => (
          <option value={v} key={v}>
            {words(v)}
          </option>
        ))}
      </select>
    );
  return (
    <div class="modes" role="radiogroup" aria-label={label}>
      {values.map((v) => (
        <button type="button" role="radio" aria-checked={value === v} class={value === v ? 'mode on' : 'mode'} onClick={() => set(v)} key={v}>
          {words(v)}
        </button>
      ))}
    </div>
  );
}

function rowsOf(where: 'options' | 'popup'): SettingKey[] {
  return SETTING_KEYS.filter((key) => {
    const ui = uiOf(key);
    return !!ui && (where === 'options' || ui.popup === true);
  });
}

/**
 * The options page: one row per setting. The popup (`compact`, its 600 px): the settings marked
 * `popup`, a radio group on its own row and the small controls side by side on one.
 */
export function SettingRows({ settings, compact = false }: { settings: Settings; compact?: boolean }) {
  const keys = rowsOf(compact ? 'popup' : 'options');
  const row = (key: SettingKey) => {
    const ui = uiOf(key)!;
    return (
      <div class="row" key={key} data-setting={key}>
        {ui.control === 'select' ? <label for={`setting-${key}`}>{t(ui.label)}</label> : <span>{t(ui.label)}</span>}
        <Control name={key} value={settings[key]} />
      </div>
    );
  };
  if (!compact) return <>{keys.map(row)}</>;
  const wide = keys.filter((key) => uiOf(key)!.control === 'radios');
  // Switches first, a drop-down at the end of the line.
  const small = keys.filter((key) => !wide.includes(key)).sort((a, b) => Number(uiOf(a)!.control === 'select') - Number(uiOf(b)!.control === 'select'));
  return (
    <>
      {wide.map(row)}
      {small.length > 0 && (
        <div class="row pair">
          {small.map((key) => {
            const ui = uiOf(key)!;
            // A drop-down's values name it ("繁體（台灣）"): its label is its aria-label only, for room.
            return ui.control === 'select' ? (
              <Control name={key} value={settings[key]} key={key} />
            ) : (
              <span class="cell" key={key} data-setting={key}>
                <span>{t(ui.label)}</span>
                <Control name={key} value={settings[key]} />
              </span>
            );
          })}
        </div>
      )}
    </>
  );
}

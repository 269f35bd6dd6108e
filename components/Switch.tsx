/** A labelled on/off switch: `role="switch"`, operable by Space and Enter like a button. */
export function Switch({ checked, label, onChange, id }: { checked: boolean; label: string; onChange: (on: boolean) => void; id?: string }) {
  return (
    <button type="button" role="switch" id={id} aria-checked={checked} aria-label={label} class={checked ? 'switch on' : 'switch'} onClick={() => onChange(!checked)}>
      <span class="knob" aria-hidden="true" />
    </button>
  );
}

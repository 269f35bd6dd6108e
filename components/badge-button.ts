/**
 * A listing badge's button: its one markup, plain DOM. 2,000 of them are clones of one
 * (features/host.ts hostFactory), and unfolding (components/Badge.tsx) changes its state, not
 * its markup; Preact is loaded only for the unfolded summary.
 */
import { t } from './i18n';

export const BADGE_LABEL = '中文摘要';

export function badgeButton(doc: Document, source: string): HTMLButtonElement {
  const button = doc.createElement('button');
  button.type = 'button';
  button.className = 'badge';
  button.setAttribute('aria-expanded', 'false');
  button.title = t('panelBadgeTitle', source);
  button.textContent = BADGE_LABEL;
  return button;
}

/** Folded or unfolded: the button says so (and which element it unfolds). */
export function setBadgeOpen(button: HTMLButtonElement, open: boolean, controls: string): void {
  button.setAttribute('aria-expanded', String(open));
  button.setAttribute('aria-controls', controls);
}

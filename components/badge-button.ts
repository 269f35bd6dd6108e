/**
 * A listing badge's button: its one markup, plain DOM. 2,000 of them are clones of one
 * (features/host.ts hostFactory), and unfolding (components/Badge.tsx) changes its state, not
 * its markup; Preact is loaded only for the unfolded summary.
 */
import { t, uiLang } from './i18n';

export function badgeButton(doc: Document, source: string): HTMLButtonElement {
  const button = doc.createElement('button');
  button.type = 'button';
  button.className = 'badge';
  button.setAttribute('aria-expanded', 'false');
  // In the UI's language (中文摘要 / Chinese summary), marked as such inside an English page.
  button.lang = uiLang();
  button.title = t('panelBadgeTitle', source);
  button.textContent = t('badgeLabel');
  return button;
}

/** Folded or unfolded: the button says so (and which element it unfolds). */
export function setBadgeOpen(button: HTMLButtonElement, open: boolean, controls: string): void {
  button.setAttribute('aria-expanded', String(open));
  button.setAttribute('aria-controls', controls);
}

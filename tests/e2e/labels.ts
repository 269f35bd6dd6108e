/** What our UI says on its controls, to check it is in the UI's language. */
import type { Page } from '@playwright/test';

/** The words a reader meets on our controls (labels, buttons' text and tooltips) in every shadow root of ours. */
export async function labelsOf(page: Page, selector: string): Promise<string[]> {
  return page.locator(selector).evaluateAll((hosts) =>
    hosts.flatMap((h) =>
      [...h.shadowRoot!.querySelectorAll('[aria-label], button, [role="button"], [role="radio"], [role="menuitem"]')].flatMap((el) => [
        el.getAttribute('aria-label'),
        // A key-number chip's text is the digest's (its number and label), not a label of ours.
        el.matches('button:not(.chip), [role]') ? el.textContent : null,
        el.matches('button:not(.chip), [role]') ? el.getAttribute('title') : null,
      ]),
    ).filter((s): s is string => !!s && !!s.trim()),
  );
}
/** A Chinese character. */
export const HAN = /\p{Script=Han}/u;


/** Puts the Subscriptions section on a page of its own container, after the page's app. */
import { render } from 'preact';
import { SubscriptionsSection } from './SubscriptionsSection';

export function mountSubscriptions(): void {
  const el = document.createElement('div');
  el.className = 'app options subs-app';
  document.body.append(el);
  render(<SubscriptionsSection />, el);
}

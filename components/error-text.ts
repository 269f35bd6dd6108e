/**
 * Subscriptions' errors in the reader's words: the one wording of components/i18n.ts
 * (`err_<reason>` with its named params), for a thrown error or a subscription's stored one.
 */
import type { ErrorInfo } from '../lib/messaging';
import { errorText } from './i18n';

export function errorInfoText(info: ErrorInfo): string {
  return errorText({ ...info });
}

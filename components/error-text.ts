/**
 * A background error in the reader's words: reason X is the locale key `err_X` (dashes become
 * underscores: message names allow no dash), its named params filled in as `$1`, `$2`… in the
 * order below. Without a reason, the English message is all there is.
 */
import { ProtocolError, type ErrorInfo, type ErrorReason } from '../lib/messaging';
import { t, type MessageKey } from './i18n';

const PARAMS: Record<ErrorReason, string[]> = {
  unreachable: ['host'],
  timeout: ['host', 'seconds'],
  'http-status': ['host', 'status'],
  'too-large': ['host', 'mb', 'limitMb'],
  'not-a-digest': ['host'],
  'redirect-other-host': ['host', 'to'],
  'no-permission': ['origin'],
  'checksum-mismatch': ['url'],
  'bad-index': ['host'],
  'not-https': [],
  'bad-url': ['url'],
  'bad-template': ['placeholder'],
  'bad-days': ['min', 'max'],
  'duplicate-subscription': ['url'],
  'unknown-subscription': ['id'],
  'unknown-source': ['id'],
  'no-entries': ['name'],
  empty: ['name'],
  binary: ['name'],
  'not-utf8': ['name'],
  quota: [],
};

export function errorKey(reason: ErrorReason): MessageKey {
  return `err_${reason.replaceAll('-', '_')}` as MessageKey;
}

export function errorInfoText(info: ErrorInfo): string {
  if (!info.reason || !(info.reason in PARAMS)) return info.message;
  const params = PARAMS[info.reason].map((name) => String(info.params?.[name] ?? ''));
  return t(errorKey(info.reason), ...params);
}

/** Any thrown thing, worded: a ProtocolError by its reason, anything else by its message. */
export function errorText(err: unknown): string {
  if (err instanceof ProtocolError) return errorInfoText({ code: err.code, message: err.message, reason: err.reason, params: err.params });
  return err instanceof Error ? err.message : String(err);
}

/** UI strings from the extension's `_locales`: Simplified Chinese, English elsewhere. */
import { browser } from 'wxt/browser';
import type zhCN from '../public/_locales/zh_CN/messages.json';

export type MessageKey = keyof typeof zhCN;

type GetMessageKey = Parameters<typeof browser.i18n.getMessage>[0];

/**
 * A message with its placeholders filled. `_locales` have no plurals: where a key has a
 * `<key>_one` form, it is used when the first number given is 1 ("1 paper", not "1 papers").
 */
export function t(key: MessageKey, ...subs: Array<string | number>): string {
  const strings = subs.map(String);
  const count = subs.find((s): s is number => typeof s === 'number');
  // An unknown key gives '' (no `_one` form): the plain message then.
  const one = count === 1 ? browser.i18n.getMessage(`${key}_one` as GetMessageKey, strings) : '';
  return one || browser.i18n.getMessage(key as GetMessageKey, strings) || key;
}

/** A message by a key built at run time (`err_…`, `warn_…`), or '' when the locale has none. */
function lookup(key: string): string {
  return browser.i18n.getMessage(key as GetMessageKey) || '';
}

/** The language the messages are actually shown in (the one whose messages.json answered). */
export function uiLang(): 'zh-CN' | 'en' {
  return lookup('uiLang') === 'en' ? 'en' : 'zh-CN';
}

/**
 * `{name}` in a message is filled from `params` by name, so a message may use the params it
 * needs in its own order (Chrome's `$1` placeholders are positional and pass `{…}` through).
 */
export function fill(message: string, params: Record<string, string | number> | undefined): string {
  return message.replace(/\{(\w+)\}/g, (whole, name: string) => (params && name in params ? String(params[name]) : whole));
}

/** The locale key that words a background error reason or a parse-warning code (no dashes in message names). */
export function errorKey(reason: string): string {
  return `err_${reason.replace(/[^A-Za-z0-9]/g, '_')}`;
}
export function warningKey(code: string): string {
  return `warn_${code.replace(/[^A-Za-z0-9]/g, '_')}`;
}
/** The generic sentence for an error code, when the background gave no (known) reason. */
export function errorCodeKey(code: string): string {
  return `errCode_${code.replace(/[^A-Za-z0-9]/g, '_')}`;
}

interface ErrorLike {
  code?: string;
  message?: string;
  reason?: string;
  params?: Record<string, string | number>;
}

/** The failures already logged by this page: a broken worker fails every request the same way. */
const logged = new Set<string>();

/**
 * Any failure in the reader's words: a background reason (`err_<reason>` with its params), else
 * its code's sentence (`errCode_<code>`), else the generic one. The English message is for the
 * console, logged once per failure with its code (not again for each request or retry that
 * fails the same way), never shown.
 */
export function errorText(err: unknown): string {
  const e = (err && typeof err === 'object' ? err : {}) as ErrorLike;
  const line = `[arxiv-digest] ${e.code ?? 'error'}${e.reason ? `/${e.reason}` : ''}: ${e.message ?? String(err)}`;
  if (!logged.has(line)) {
    logged.add(line);
    console.warn(line);
  }
  const byReason = e.reason ? lookup(errorKey(e.reason)) : '';
  if (byReason) return fill(byReason, e.params);
  const byCode = typeof e.code === 'string' ? lookup(errorCodeKey(e.code)) : '';
  return byCode || t('errCode_internal');
}

interface WarningLike {
  line: number;
  message: string;
  code?: string;
  params?: Record<string, string | number>;
}

/** A parse warning in the reader's words: `warn_<code>` with its params; the generic sentence for an unknown code. */
export function warningText(w: WarningLike): string {
  const worded = w.code ? lookup(warningKey(w.code)) : '';
  return t('warningLine', w.line, worded ? fill(worded, { line: w.line, ...w.params }) : t('warn_unknown'));
}

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

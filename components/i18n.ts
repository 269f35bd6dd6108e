/** UI strings from the extension's `_locales`: Simplified Chinese, English elsewhere. */
import { browser } from 'wxt/browser';
import type zhCN from '../public/_locales/zh_CN/messages.json';

export type MessageKey = keyof typeof zhCN;

export function t(key: MessageKey, ...subs: Array<string | number>): string {
  return browser.i18n.getMessage(key as Parameters<typeof browser.i18n.getMessage>[0], subs.map(String)) || key;
}

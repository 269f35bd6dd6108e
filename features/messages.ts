/** The content script's end of the protocol. */
import { browser } from 'wxt/browser';
import { call, type MessageType, type ProtocolMap } from '../lib/messaging';

export function ask<T extends MessageType>(type: T, data: ProtocolMap[T]['data']): Promise<ProtocolMap[T]['answer']> {
  return call((m) => browser.runtime.sendMessage(m), type, data);
}

/** The content script's end of the protocol. */
import { browser } from 'wxt/browser';
import { call, type MessageType, type ProtocolMap } from '../lib/messaging';

export function ask<T extends MessageType>(type: T, data: ProtocolMap[T]['data']): Promise<ProtocolMap[T]['answer']> {
  return call((m) => browser.runtime.sendMessage(m), type, data);
}

/**
 * False once the extension was updated or removed under this script: its messages go nowhere,
 * and the copy of the script put in by the new version does the work.
 */
export function extensionAlive(): boolean {
  try {
    return !!browser.runtime?.id;
  } catch {
    return false;
  }
}

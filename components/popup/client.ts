import type { MessageType, ProtocolMap } from '../../lib/messaging';

/** How the popup and options page reach the background: `call(browser.runtime.sendMessage, …)` in the extension. */
export type Ask = <T extends MessageType>(type: T, data: ProtocolMap[T]['data']) => Promise<ProtocolMap[T]['answer']>;

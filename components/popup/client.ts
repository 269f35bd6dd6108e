import type { MessageType, ProtocolMap } from '../../lib/messaging';

/** How the popup reaches the background: `call(browser.runtime.sendMessage, …)` in the extension. */
export type Ask = <T extends MessageType>(type: T, data: ProtocolMap[T]['data']) => Promise<ProtocolMap[T]['answer']>;

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

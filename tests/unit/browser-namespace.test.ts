/**
 * lib/browser.ts (what `wxt/browser` is in the build): the browser's own namespace, itself, when
 * it has one — not a copy made at import, which built every API's bindings at each worker start.
 */
import { afterEach, expect, it, vi } from 'vitest';

afterEach(() => {
  delete (globalThis as { browser?: unknown }).browser;
  vi.resetModules();
});

it('is the native `browser` object itself, and reads no API at import', async () => {
  const read: string[] = [];
  const native = new Proxy({ runtime: { id: 'abc' } } as Record<string, unknown>, {
    get: (t, k) => (read.push(String(k)), t[k as string]),
    getOwnPropertyDescriptor: (t, k) => (read.push(`descriptor:${String(k)}`), Reflect.getOwnPropertyDescriptor(t, k)),
    ownKeys: (t) => (read.push('keys'), Reflect.ownKeys(t)),
  });
  (globalThis as { browser?: unknown }).browser = native;
  const { browser } = await import('../../lib/browser');
  expect(browser).toBe(native);
  // Only the check that it is an extension's namespace: no enumeration, no other property.
  expect(read).toEqual(['runtime']);
});

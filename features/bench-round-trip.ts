/**
 * Benchmark build only: the bare round trip content script → worker → one IndexedDB get →
 * back, started at document_start like the panel's look-up, its arrival time (ms since
 * navigation start) left on <html data-bench-round-trip> for the benchmark to read.
 */
import { browser } from 'wxt/browser';

export function benchRoundTrip(id: string): void {
  void browser.runtime.sendMessage({ type: 'bench:get', id }).then(() => {
    document.documentElement.dataset.benchRoundTrip = String(performance.now());
  });
}

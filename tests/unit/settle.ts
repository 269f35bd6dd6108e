import { act } from 'preact/test-utils';

/** Waits (up to ~1 s, in Preact's act) until `check` stops throwing; then runs it once more, so its failure is the test's. */
export async function settle(check: () => void): Promise<void> {
  for (let i = 0; i < 50; i++) {
    try {
      check();
      return;
    } catch {
      await act(() => new Promise((r) => setTimeout(r, 20)));
    }
  }
  check();
}

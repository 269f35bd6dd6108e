/**
 * Benchmark build only (`wxt build --mode bench`): when each step of a worker's start happened,
 * as epoch milliseconds (performance.timeOrigin + now, comparable with a page's), read by
 * `npm run bench -- --only=cold` through the `bench:marks` message. No imports, and imported
 * first by the background entrypoint: its module runs before the rest of the bundle.
 * Production builds drop every call (each is behind `import.meta.env.MODE === 'bench'`).
 */
export const benchMarks: Record<string, number> = {};

/** The first time `name` happened in this worker. */
export function benchMark(name: string): void {
  benchMarks[name] ??= performance.timeOrigin + performance.now();
}

/** A message's arrival or answer: the worker's first (`firstMessage`) and its latest (`lastMessage`). */
export function benchMessage(what: 'message' | 'answer'): void {
  const cap = what === 'message' ? 'Message' : 'Answer';
  benchMark(`first${cap}`);
  benchMarks[`last${cap}`] = performance.timeOrigin + performance.now();
}

if (import.meta.env.MODE === 'bench') {
  // The worker's global was created at timeOrigin; its script starts running now.
  benchMarks.workerCreated = performance.timeOrigin;
  benchMark('scriptStart');
}

/** The benchmark's statistics, one copy for every part. */

/** The p-quantile of `xs` (nearest rank; NaN when there is none). */
export const q = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))] : NaN;
};
export const median = (xs: number[]): number => q(xs, 0.5);
/** `x` to `d` decimals. */
export const roundTo = (x: number, d = 2): number => Math.round(x * 10 ** d) / 10 ** d;

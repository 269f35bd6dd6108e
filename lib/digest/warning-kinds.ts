/**
 * What a parse warning stands for, to count an import's outcome: most mean a part of the digest
 * became no entry (skipped); these mean an entry was kept, merged with another section of the
 * same paper or changed on the way (a version dropped, a summary cut). A new code counts as a
 * skip until it is listed here.
 */
import type { DigestWarning, WarningCode } from './types';

export const KEPT_CODES: ReadonlySet<WarningCode> = new Set<WarningCode>(['duplicate', 'bad-version', 'summary-truncated', 'markup-too-dense', 'block-too-long', 'nesting-too-deep']);

/** A section or record that became no entry. `more-warnings` stands for the warnings past the cap, not for one. */
export function isSkip(w: Pick<DigestWarning, 'code'>): boolean {
  return w.code !== 'more-warnings' && !KEPT_CODES.has(w.code);
}

/** How many sections became no entry, the ones past the warnings' cap included (`more-warnings` counts them). */
export function skipCount(warnings: DigestWarning[]): number {
  let n = 0;
  for (const w of warnings) n += w.code === 'more-warnings' ? Number(w.params?.skipped ?? 0) : isSkip(w) ? 1 : 0;
  return n;
}

/**
 * What a parse warning stands for, to count an import's outcome: most mean a part of the digest
 * became no entry (skipped); these mean an entry was kept, merged with another section of the
 * same paper or changed on the way (a version dropped, a summary cut). A new code counts as a
 * skip until it is listed here.
 */
import type { DigestWarning, WarningCode } from './types';

export const KEPT_CODES: ReadonlySet<WarningCode> = new Set<WarningCode>(['duplicate', 'bad-version', 'summary-truncated']);

/** A section or record that became no entry. */
export function isSkip(w: Pick<DigestWarning, 'code'>): boolean {
  return !KEPT_CODES.has(w.code);
}

/** A paper page's look-up, shared by the start (abstract-start.ts) and the panel. */
import { ask } from './messages';
import type { LookupHit } from '../lib/messaging';

/** A look-up's outcome: the hit (null: not covered), or why the background did not answer. */
export type Lookup = { hit: LookupHit | null } | { failed: string };

let failureLogged = false;

/**
 * Asks for the entry; a failure is a value (and logged once a page), never "not covered".
 * `from`: a paper page, so that a per-paper subscription may fetch what no digest covers.
 */
export async function lookup(id: string, from: 'abstract' | 'html', sourceId?: number): Promise<Lookup> {
  try {
    return { hit: await ask('lookup', { id, from, ...(sourceId === undefined ? {} : { sourceId }) }) };
  } catch (err) {
    const code = (err as { code?: string }).code ?? 'no-answer';
    if (!failureLogged) {
      failureLogged = true;
      console.warn(`[arxiv-digest] the look-up of ${id} failed (${code}):`, (err as Error)?.message ?? err);
    }
    return { failed: code };
  }
}

/** Something to show: an entry, or a failure to say. */
export function somethingToShow(result: Lookup): boolean {
  return 'failed' in result || !!result.hit;
}

/**
 * The reader's order of digests, in one place: when several digests cover a paper, the first
 * in this order answers, for a look-up, a listing's badges, the month index, search and the
 * export alike. Lower rank first; on a tie (two digests given the same rank) the one imported
 * later (the higher id) first, so the answer never depends on the order rows were read in.
 */
import type { SourceInfo } from '../lib/messaging';

type Ranked = Pick<SourceInfo, 'id' | 'rank'>;

export function compareSources(a: Ranked, b: Ranked): number {
  return a.rank - b.rank || b.id - a.id;
}

/**
 * `items` of known digests, first in the reader's order first; items whose digest is not in
 * `sources` (deleted meanwhile) are left out.
 */
export function inReaderOrder<T, S extends Ranked>(items: Iterable<T>, sourceIdOf: (item: T) => number, sources: Map<number, S>): T[] {
  const known = [...items].filter((item) => sources.has(sourceIdOf(item)));
  return known.sort((a, b) => compareSources(sources.get(sourceIdOf(a))!, sources.get(sourceIdOf(b))!));
}

/** The rank a new digest gets: above every other one. */
export function topRank(sources: Iterable<Ranked>): number {
  let min = 0;
  for (const s of sources) min = Math.min(min, s.rank);
  return min - 1;
}

/** The rank the bundled digest gets when first installed: below every other one. */
export function bottomRank(sources: Iterable<Ranked>): number {
  let max = 0;
  for (const s of sources) max = Math.max(max, s.rank);
  return max + 1;
}

/**
 * Ranks 0, 1, … for the digests listed in `order` first (unknown ids are ignored), then the
 * others in their present order.
 */
export function reorder<S extends Ranked>(sources: S[], order: number[]): Map<number, number> {
  const byId = new Map(sources.map((s) => [s.id, s]));
  const listed = [...new Set(order)].filter((id) => byId.has(id));
  const rest = [...sources].sort(compareSources).filter((s) => !listed.includes(s.id));
  const ranks = new Map<number, number>();
  [...listed, ...rest.map((s) => s.id)].forEach((id, i) => ranks.set(id, i));
  return ranks;
}

/**
 * The one protocol between the content script, the popup and the background. Each message has
 * its data and its answer type here, so the compiler checks both ends.
 */
import type { DigestEntry, DigestWarning } from './digest/types';

export type SourceOrigin = 'bundled' | 'file' | 'url';

export interface SourceInfo {
  id: number;
  name: string;
  origin: SourceOrigin;
  url?: string;
  importedAt: number;
  entryCount: number;
  warnings: DigestWarning[];
  hash: string;
}

/** What a look-up answers: the entry of the newest import, and who else covers the paper. */
export interface LookupHit {
  entry: DigestEntry;
  source: { id: number; name: string };
  /** Other digests that cover the same paper, newest first. */
  alsoIn: Array<{ id: number; name: string }>;
}

/** What a listing page needs to badge a paper; the whole entry is fetched when it unfolds. */
export interface BriefHit {
  arxivId: string;
  /** The digest that answers for it (the newest import). */
  source: string;
}

export interface MonthCoverage {
  month: string;
  source: string;
  /** The covered ids, sorted, one per line. */
  ids: string;
}

export interface ImportResult {
  source: SourceInfo;
  imported: number;
  /** Sections or records that could not become an entry (each is also a warning). */
  skipped: number;
  warnings: DigestWarning[];
  /** True when the same digest (same content) was already installed and nothing changed. */
  unchanged: boolean;
}

export interface Counts {
  entries: number;
  papers: number;
  sources: number;
}

export interface ProtocolMap {
  lookup: { data: { id: string }; answer: LookupHit | null };
  lookupMany: { data: { ids: string[] }; answer: Record<string, LookupHit> };
  /** Which of a listing page's papers are covered, in one message for the whole page. */
  coverage: { data: { ids: string[] }; answer: Record<string, BriefHit> };
  /**
   * Every covered id of some months (`YYMM`), newest digest first: asked as soon as a listing's
   * first paper is parsed, so that the badges can go in while the rest of the page arrives.
   */
  coverageOfMonths: { data: { months: string[] }; answer: MonthCoverage[] };
  search: { data: { query: string; limit?: number }; answer: LookupHit[] };
  importDigest: { data: { text: string; name: string; origin: SourceOrigin; url?: string }; answer: ImportResult };
  importUrl: { data: { url: string }; answer: ImportResult };
  listSources: { data: Record<string, never>; answer: SourceInfo[] };
  renameSource: { data: { id: number; name: string }; answer: SourceInfo };
  deleteSource: { data: { id: number }; answer: { removed: number } };
  exportAll: { data: Record<string, never>; answer: { text: string; entries: number } };
  counts: { data: Record<string, never>; answer: Counts };
  ping: { data: Record<string, never>; answer: { at: number } };
}

export type MessageType = keyof ProtocolMap;
export type Request<T extends MessageType = MessageType> = { type: T; data: ProtocolMap[T]['data'] };
export type ErrorCode = 'bad-message' | 'forbidden' | 'invalid-digest' | 'quota' | 'not-found' | 'network' | 'internal';
export type Reply<T extends MessageType> = { ok: true; value: ProtocolMap[T]['answer'] } | { ok: false; error: { code: ErrorCode; message: string } };

export class ProtocolError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ProtocolError';
  }
}

export const MESSAGE_TYPES: ReadonlySet<string> = new Set<MessageType>([
  'lookup', 'lookupMany', 'coverage', 'coverageOfMonths', 'search', 'importDigest', 'importUrl', 'listSources', 'renameSource',
  'deleteSource', 'exportAll', 'counts', 'ping',
]);

/**
 * Sends one message and unwraps the answer; a refusal comes back as a ProtocolError.
 * `send` is `browser.runtime.sendMessage`, passed in so that this module has no browser import.
 */
export async function call<T extends MessageType>(
  send: (message: unknown) => Promise<unknown>,
  type: T,
  data: ProtocolMap[T]['data'],
): Promise<ProtocolMap[T]['answer']> {
  const reply = (await send({ type, data })) as Reply<T> | undefined;
  if (!reply || typeof reply !== 'object') throw new ProtocolError('internal', 'no answer from the background');
  if (!reply.ok) throw new ProtocolError(reply.error.code, reply.error.message);
  return reply.value;
}

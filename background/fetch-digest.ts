/** Import of a digest published at an https URL (host access is asked for at run time). */
import { ProtocolError, type ImportResult } from '../lib/messaging';
import { MAX_DIGEST_BYTES } from '../lib/digest/parse';
import type { DigestDb } from '../storage/db';
import { importBytes } from './cache';

const TIMEOUT_MS = 20_000;

export function checkDigestUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new ProtocolError('bad-message', `"${raw}" is not a URL`);
  }
  if (url.protocol !== 'https:') throw new ProtocolError('bad-message', 'only https:// addresses are imported');
  return url;
}

export async function importFromUrl(db: DigestDb, raw: string, fetchImpl: typeof fetch = fetch): Promise<ImportResult> {
  const url = checkDigestUrl(raw);
  let res: Response;
  try {
    res = await fetchImpl(url.href, { signal: AbortSignal.timeout(TIMEOUT_MS), credentials: 'omit' });
  } catch (err) {
    throw new ProtocolError('network', `${url.host} could not be reached (${err instanceof Error ? err.message : err}); nothing was changed`);
  }
  if (!res.ok) throw new ProtocolError('network', `${url.host} answered ${res.status}; nothing was changed`);
  const declared = Number(res.headers.get('content-length') ?? 0);
  if (declared > MAX_DIGEST_BYTES) throw new ProtocolError('invalid-digest', `the digest is ${(declared / 1048576).toFixed(1)} MB; at most 20 MB`);
  const bytes = new Uint8Array(await res.arrayBuffer());
  const name = decodeURIComponent(url.pathname.split('/').filter(Boolean).pop() || url.host);
  return importBytes(db, bytes, { name, origin: 'url', url: url.href });
}

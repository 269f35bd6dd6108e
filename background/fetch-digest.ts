/** Import of a digest published at an https URL (host access is asked for at run time). */
import { ProtocolError, type ImportResult } from '../lib/messaging';
import type { DigestDb } from '../storage/db';
import { importBytes } from './cache';
import { fetchFile } from './subscriptions/fetcher';

export function checkDigestUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new ProtocolError('bad-message', `"${raw}" is not a URL`, 'bad-url', { url: raw.slice(0, 200) });
  }
  if (url.protocol !== 'https:') throw new ProtocolError('bad-message', 'only https:// addresses are imported', 'not-https');
  return url;
}

/** Through the one fetcher: the same limits, timeout and redirect rule as subscriptions. */
export async function importFromUrl(db: DigestDb, raw: string, fetchImpl: typeof fetch = fetch): Promise<ImportResult> {
  const url = checkDigestUrl(raw);
  const got = await fetchFile(url.href, { fetchImpl });
  if (got.kind === 'failed') throw new ProtocolError(got.error.code, `${got.error.message}; nothing was changed`, got.error.reason, got.error.params);
  if (got.kind === 'missing') throw new ProtocolError('network', `${url.host} answered ${got.status}; nothing was changed`, 'http-status', { host: url.host, status: got.status });
  if (got.kind === 'not-modified') throw new ProtocolError('network', `${url.host} answered 304 to a plain request; nothing was changed`, 'http-status', { host: url.host, status: 304 });
  const name = decodeURIComponent(url.pathname.split('/').filter(Boolean).pop() || url.host);
  return importBytes(db, got.bytes, { name, origin: 'url', url: url.href });
}

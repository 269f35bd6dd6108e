/**
 * The one fetcher for every network read of the extension (URL import, subscriptions, per-paper
 * files). It never throws for what a host does: every outcome is a value, so that a caller
 * keeps its last good copy and records why. Limits: 30 s for the whole answer, 20 MB of body
 * (reading stops there), no redirect that may leave the host (an extension never sees where a
 * redirect points, so in a browser none is followed), at most two requests in flight.
 */
import { MAX_DIGEST_BYTES } from '../../lib/digest/parse';
import type { ErrorInfo } from '../../lib/messaging';

export const FETCH_TIMEOUT_MS = 30_000;
export const MAX_IN_FLIGHT = 2;

/** What a conditional request sends back (from the last 200 of the same URL). */
export interface Validators {
  etag?: string;
  lastModified?: string;
}

export type FetchOutcome =
  | { kind: 'ok'; bytes: Uint8Array; validators: Validators; contentType: string }
  | { kind: 'not-modified' }
  /** 404 or 410: there is no such file (a dated series' day without one, a paper not covered). */
  | { kind: 'missing'; status: number }
  | { kind: 'failed'; error: ErrorInfo };

export interface FetchOptions {
  validators?: Validators;
  timeoutMs?: number;
  maxBytes?: number;
  fetchImpl?: typeof fetch;
  /** Whether the host permission for this URL is granted (permissions.contains); absent: assumed. */
  hasPermission?: (url: URL) => Promise<boolean>;
}

/** The optional host permission pattern a URL needs: `https://host/*`. */
export function originPatternOf(url: string | URL): string {
  return `${new URL(url).origin}/*`;
}

function failed(code: ErrorInfo['code'], reason: NonNullable<ErrorInfo['reason']>, message: string, params: Record<string, string | number>): FetchOutcome {
  return { kind: 'failed', error: { code, reason, message, params } };
}

/** A small semaphore: the third request waits until one of two ends. */
let inFlight = 0;
const waiting: Array<() => void> = [];

async function slot<T>(run: () => Promise<T>): Promise<T> {
  if (inFlight >= MAX_IN_FLIGHT) await new Promise<void>((resolve) => waiting.push(resolve));
  inFlight++;
  try {
    return await run();
  } finally {
    inFlight--;
    waiting.shift()?.();
  }
}

/** How many requests are running now (tests check the limit with it). */
export function requestsInFlight(): number {
  return inFlight;
}

/** Reads at most `max` bytes; null when the body is longer (reading stops and the rest is cancelled). */
async function readLimited(res: Response, max: number): Promise<Uint8Array | null> {
  if (!res.body) {
    const bytes = new Uint8Array(await res.arrayBuffer());
    return bytes.byteLength > max ? null : bytes;
  }
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

function looksLikeHtml(contentType: string, bytes: Uint8Array): boolean {
  if (/text\/html|application\/xhtml/i.test(contentType)) return true;
  const head = new TextDecoder().decode(bytes.subarray(0, 256)).trimStart().toLowerCase();
  return head.startsWith('<!doctype html') || head.startsWith('<html');
}

/** Same-host redirects followed one after another, at most. */
export const MAX_REDIRECTS = 5;

/**
 * Where a `redirect: 'manual'` answer points: null when it is no redirect, 'hidden' when the
 * browser does not say. A browser (an extension's fetch too) gives an opaque redirect
 * (type 'opaqueredirect', status 0, no Location), so a redirect there is never followed: the
 * extension cannot tell one that stays on the host from one that leaves it without asking the
 * place it points to. A fetch that shows the 3xx and its Location (Node's) lets a redirect on
 * the same host (https) be followed.
 */
function redirectTarget(res: Response, from: URL): URL | 'hidden' | null {
  if (res.type === 'opaqueredirect') return 'hidden';
  if (![301, 302, 303, 307, 308].includes(res.status)) return null;
  const location = res.headers.get('location');
  if (!location) return 'hidden';
  try {
    return new URL(location, from);
  } catch {
    return 'hidden';
  }
}

export function fetchFile(raw: string, opts: FetchOptions = {}): Promise<FetchOutcome> {
  const url = new URL(raw);
  const host = url.host;
  return slot(async () => {
    if (opts.hasPermission && !(await opts.hasPermission(url))) {
      return failed('permission', 'no-permission', `no host permission for ${url.origin}`, { origin: originPatternOf(url) });
    }
    const timeoutMs = opts.timeoutMs ?? FETCH_TIMEOUT_MS;
    const max = opts.maxBytes ?? MAX_DIGEST_BYTES;
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const headers: Record<string, string> = {};
    if (opts.validators?.etag) headers['If-None-Match'] = opts.validators.etag;
    if (opts.validators?.lastModified) headers['If-Modified-Since'] = opts.validators.lastModified;
    const timeout = () => failed('network', 'timeout', `${host} did not answer within ${timeoutMs / 1000} s`, { host, seconds: timeoutMs / 1000 });
    try {
      let res: Response;
      let at = url;
      for (let hops = 0; ; hops++) {
        try {
          // Redirects are never left to the browser: following one sends a request to wherever
          // it points before the answer can be refused (see takeRedirect).
          res = await (opts.fetchImpl ?? fetch)(at.href, { signal: controller.signal, credentials: 'omit', headers, cache: 'no-cache', redirect: 'manual' });
        } catch (err) {
          if (timedOut) return timeout();
          return failed('network', 'unreachable', `${host} could not be reached (${err instanceof Error ? err.message : err})`, { host });
        }
        const next = redirectTarget(res, at);
        if (next === null) break;
        await res.body?.cancel().catch(() => {});
        if (next === 'hidden' || next.host !== host || next.protocol !== 'https:') {
          const to = next === 'hidden' ? '' : next.host;
          return failed('network', 'redirect-other-host', `${host} redirected to ${to || 'an address the browser does not show'}, which is not followed`, { host, to });
        }
        if (hops >= MAX_REDIRECTS) return failed('network', 'too-many-redirects', `${host} redirected more than ${MAX_REDIRECTS} times in a row`, { host, max: MAX_REDIRECTS });
        at = next;
      }
      // A fetch that followed anyway (a fetchImpl without manual redirects): where it ended up.
      if (res.url && new URL(res.url).host !== host) {
        const to = new URL(res.url).host;
        await res.body?.cancel().catch(() => {});
        return failed('network', 'redirect-other-host', `${host} redirected to ${to}, which is not followed`, { host, to });
      }
      if (res.status === 304) return { kind: 'not-modified' };
      if (res.status === 404 || res.status === 410) {
        await res.body?.cancel().catch(() => {});
        return { kind: 'missing', status: res.status };
      }
      if (!res.ok) {
        await res.body?.cancel().catch(() => {});
        return failed('network', 'http-status', `${host} answered ${res.status}`, { host, status: res.status });
      }
      const limitMb = Math.round(max / 1048576);
      const declared = Number(res.headers.get('content-length') ?? 0);
      if (declared > max) {
        await res.body?.cancel().catch(() => {});
        return failed('invalid-digest', 'too-large', `${host} sends ${(declared / 1048576).toFixed(1)} MB; at most ${limitMb} MB`, { host, mb: Number((declared / 1048576).toFixed(1)), limitMb });
      }
      let bytes: Uint8Array | null;
      try {
        bytes = await readLimited(res, max);
      } catch (err) {
        if (timedOut) return timeout();
        return failed('network', 'unreachable', `${host} broke off the answer (${err instanceof Error ? err.message : err})`, { host });
      }
      if (!bytes) return failed('invalid-digest', 'too-large', `${host} sent more than ${limitMb} MB (a digest is at most ${limitMb} MB); reading stopped there`, { host, mb: limitMb, limitMb });
      const contentType = res.headers.get('content-type') ?? '';
      if (looksLikeHtml(contentType, bytes)) return failed('invalid-digest', 'not-a-digest', `${host} answered with a web page, not a digest`, { host });
      const validators: Validators = {};
      const etag = res.headers.get('etag');
      const lastModified = res.headers.get('last-modified');
      if (etag) validators.etag = etag;
      if (lastModified) validators.lastModified = lastModified;
      return { kind: 'ok', bytes, validators, contentType };
    } finally {
      clearTimeout(timer);
    }
  });
}

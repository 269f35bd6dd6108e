/**
 * The one fetcher: every outcome a value, limits kept. The network is stood in for by a fetch
 * that answers as a host would; the fetcher's reading, limits and checks are real.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { fetchFile, MAX_REDIRECTS, originPatternOf, requestsInFlight } from '../../background/subscriptions/fetcher';
import { errorKey, fill } from '../../components/i18n';

const DAILY_URL = 'https://raw.githubusercontent.com/dw-dengwei/daily-arXiv-ai-enhanced/data/data/2026-07-01_AI_enhanced_Chinese.jsonl';
const daily = readFileSync(new URL('../fixtures/feeds/daily-arxiv-ai-enhanced/data/2026-06-29_AI_enhanced_Chinese.jsonl', import.meta.url));

/** A Response as fetch gives it: `url` is where it ended up after redirects. */
function answer(body: BodyInit | null, init: ResponseInit = {}, finalUrl = DAILY_URL): Response {
  const res = new Response(body, init);
  Object.defineProperty(res, 'url', { value: finalUrl });
  return res;
}

const serving = (make: (url: string, init?: RequestInit) => Response | Promise<Response>) => vi.fn(async (url: string | URL | Request, init?: RequestInit) => make(String(url), init)) as unknown as typeof fetch & ReturnType<typeof vi.fn>;

describe('fetchFile', () => {
  it('reads a file with its validators, and sends them back as a conditional request that a 304 answers', async () => {
    const f = serving((_url, init) => {
      const h = new Headers(init?.headers);
      if (h.get('if-none-match') === '"v1"') return answer(null, { status: 304 });
      return answer(daily, { headers: { etag: '"v1"', 'last-modified': 'Wed, 01 Jul 2026 06:10:00 GMT', 'content-type': 'text/plain; charset=utf-8' } });
    });
    const first = await fetchFile(DAILY_URL, { fetchImpl: f });
    expect(first.kind).toBe('ok');
    if (first.kind !== 'ok') return;
    expect(first.bytes.byteLength).toBe(daily.byteLength);
    expect(first.validators).toEqual({ etag: '"v1"', lastModified: 'Wed, 01 Jul 2026 06:10:00 GMT' });
    const again = await fetchFile(DAILY_URL, { fetchImpl: f, validators: first.validators });
    expect(again).toEqual({ kind: 'not-modified' });
    const sent = new Headers((f.mock.calls[1][1] as RequestInit).headers);
    expect(sent.get('if-none-match')).toBe('"v1"');
    expect(sent.get('if-modified-since')).toBe('Wed, 01 Jul 2026 06:10:00 GMT');
    expect((f.mock.calls[1][1] as RequestInit).credentials).toBe('omit');
  });

  it('tells a missing file (404, 410) from a server error (500), which carries its reason and host', async () => {
    expect(await fetchFile(DAILY_URL, { fetchImpl: serving(() => answer('Not Found', { status: 404 })) })).toEqual({ kind: 'missing', status: 404 });
    expect(await fetchFile(DAILY_URL, { fetchImpl: serving(() => answer('Gone', { status: 410 })) })).toEqual({ kind: 'missing', status: 410 });
    const err = await fetchFile(DAILY_URL, { fetchImpl: serving(() => answer('oops', { status: 500 })) });
    expect(err).toMatchObject({ kind: 'failed', error: { code: 'network', reason: 'http-status', params: { host: 'raw.githubusercontent.com', status: 500 } } });
  });

  it('gives up after the timeout, and says an unreachable host is one', async () => {
    const never = serving(
      (_url, init) =>
        new Promise<Response>((_resolve, reject) => {
          init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        }),
    );
    const slow = await fetchFile(DAILY_URL, { fetchImpl: never, timeoutMs: 50 });
    expect(slow).toMatchObject({ kind: 'failed', error: { reason: 'timeout', params: { host: 'raw.githubusercontent.com', seconds: 0.05 } } });
    const down = serving(() => {
      throw new TypeError('Failed to fetch');
    });
    expect(await fetchFile(DAILY_URL, { fetchImpl: down })).toMatchObject({ kind: 'failed', error: { code: 'network', reason: 'unreachable' } });
  });

  it('a body that stalls after its headers times out too', async () => {
    const stalls = serving(
      (_url, init) =>
        answer(
          new ReadableStream<Uint8Array>({
            start(c) {
              c.enqueue(new Uint8Array([0x7b]));
              init?.signal?.addEventListener('abort', () => c.error(new DOMException('aborted', 'AbortError')));
            },
          }),
        ),
    );
    expect(await fetchFile(DAILY_URL, { fetchImpl: stalls, timeoutMs: 50 })).toMatchObject({ kind: 'failed', error: { reason: 'timeout' } });
  });

  it('stops reading a 25 MB body at the 20 MB limit, declared or not', async () => {
    let pulled = 0;
    const chunk = new Uint8Array(1024 * 1024).fill(0x61);
    const huge = serving(() =>
      answer(
        new ReadableStream<Uint8Array>({
          pull(c) {
            if (pulled >= 25) return c.close();
            pulled++;
            c.enqueue(chunk);
          },
        }),
      ),
    );
    const got = await fetchFile(DAILY_URL, { fetchImpl: huge });
    expect(got).toMatchObject({ kind: 'failed', error: { code: 'invalid-digest', reason: 'too-large', params: { limitMb: 20 } } });
    expect(pulled).toBeLessThan(25);
    const declared = serving(() => answer('x', { headers: { 'content-length': String(25 * 1024 * 1024) } }));
    expect(await fetchFile(DAILY_URL, { fetchImpl: declared })).toMatchObject({ kind: 'failed', error: { reason: 'too-large', params: { mb: 25, limitMb: 20 } } });
  });

  it('asks with redirect: manual, so that the browser never follows a redirect by itself', async () => {
    const f = serving(() => answer(daily));
    await fetchFile(DAILY_URL, { fetchImpl: f });
    expect((f.mock.calls[0][1] as RequestInit).redirect).toBe('manual');
  });

  it("refuses a browser's opaque redirect (no status, no Location) without asking anywhere else", async () => {
    // What an extension's fetch gives for any 3xx with redirect: 'manual'.
    const opaque = serving(() => {
      const res = answer(null, { status: 200 });
      Object.defineProperty(res, 'type', { value: 'opaqueredirect' });
      Object.defineProperty(res, 'status', { value: 0 });
      return res;
    });
    expect(await fetchFile(DAILY_URL, { fetchImpl: opaque })).toMatchObject({ kind: 'failed', error: { code: 'network', reason: 'redirect-other-host', params: { host: 'raw.githubusercontent.com', to: '' } } });
    expect(opaque).toHaveBeenCalledTimes(1);
  });

  it('a visible redirect to another host is refused before that host is asked; one on the same host is followed', async () => {
    const away = serving((url) => (url === DAILY_URL ? answer(null, { status: 302, headers: { location: 'https://evil.example/login' } }) : answer(daily, {}, url)));
    expect(await fetchFile(DAILY_URL, { fetchImpl: away })).toMatchObject({ kind: 'failed', error: { reason: 'redirect-other-host', params: { host: 'raw.githubusercontent.com', to: 'evil.example' } } });
    expect(away.mock.calls.map((c) => String(c[0]))).toEqual([DAILY_URL]);

    const elsewhere = 'https://raw.githubusercontent.com/renamed/daily/data/data/2026-07-01_AI_enhanced_Chinese.jsonl';
    const moved = serving((url) => (url === DAILY_URL ? answer(null, { status: 301, headers: { location: '/renamed/daily/data/data/2026-07-01_AI_enhanced_Chinese.jsonl' } }) : answer(daily, { headers: { etag: '"m"' } }, url)));
    const got = await fetchFile(DAILY_URL, { fetchImpl: moved });
    expect(got).toMatchObject({ kind: 'ok', validators: { etag: '"m"' } });
    expect(moved.mock.calls.map((c) => String(c[0]))).toEqual([DAILY_URL, elsewhere]);
    for (const c of moved.mock.calls) expect((c[1] as RequestInit).redirect).toBe('manual');

    // Down to http on the same host: not followed.
    const down = serving(() => answer(null, { status: 307, headers: { location: 'http://raw.githubusercontent.com/x' } }));
    expect(await fetchFile(DAILY_URL, { fetchImpl: down })).toMatchObject({ kind: 'failed', error: { reason: 'redirect-other-host' } });
  });

  it('a same-host redirect loop ends after a few hops, said as too many redirects (not as another host)', async () => {
    let n = 0;
    const loop = serving(() => answer(null, { status: 302, headers: { location: `/loop/${n++}` } }));
    const got = await fetchFile(DAILY_URL, { fetchImpl: loop });
    expect(got).toMatchObject({ kind: 'failed', error: { code: 'network', reason: 'too-many-redirects', params: { host: 'raw.githubusercontent.com', max: MAX_REDIRECTS } } });
    expect(loop).toHaveBeenCalledTimes(MAX_REDIRECTS + 1);
    // Worded in both languages, with the host and the limit filled in.
    for (const lang of ['zh_CN', 'en']) {
      const messages = JSON.parse(readFileSync(new URL(`../../public/_locales/${lang}/messages.json`, import.meta.url), 'utf8')) as Record<string, { message: string }>;
      const words = fill(messages[errorKey('too-many-redirects')].message, got.kind === 'failed' ? got.error.params : undefined);
      expect(words).toContain(`raw.githubusercontent.com`);
      expect(words).toContain(String(MAX_REDIRECTS));
      expect(words).not.toMatch(/\{\w+\}/);
    }
    // Exactly MAX_REDIRECTS hops are still followed.
    let k = 0;
    const five = serving((url) => (k++ < MAX_REDIRECTS ? answer(null, { status: 302, headers: { location: `/hop/${k}` } }) : answer(daily, {}, url)));
    expect(await fetchFile(DAILY_URL, { fetchImpl: five })).toMatchObject({ kind: 'ok' });
  });

  it('a fetch that followed a redirect by itself is still checked for where it ended up', async () => {
    const away = serving(() => answer('<html>login</html>', {}, 'https://evil.example/login'));
    expect(await fetchFile(DAILY_URL, { fetchImpl: away })).toMatchObject({ kind: 'failed', error: { reason: 'redirect-other-host', params: { host: 'raw.githubusercontent.com', to: 'evil.example' } } });
    const moved = serving(() => answer(daily, {}, 'https://raw.githubusercontent.com/elsewhere/file.jsonl'));
    expect((await fetchFile(DAILY_URL, { fetchImpl: moved })).kind).toBe('ok');
  });

  it('a 200 that is a web page (an error page) is not a digest', async () => {
    const page = '<!DOCTYPE html><html><body>Rate limited</body></html>';
    expect(await fetchFile(DAILY_URL, { fetchImpl: serving(() => answer(page, { headers: { 'content-type': 'text/plain' } })) })).toMatchObject({ kind: 'failed', error: { reason: 'not-a-digest' } });
    expect(await fetchFile(DAILY_URL, { fetchImpl: serving(() => answer('{}', { headers: { 'content-type': 'text/html' } })) })).toMatchObject({ kind: 'failed', error: { reason: 'not-a-digest' } });
  });

  it('asks for nothing without the host permission', async () => {
    const f = serving(() => answer(daily));
    const got = await fetchFile(DAILY_URL, { fetchImpl: f, hasPermission: async () => false });
    expect(got).toMatchObject({ kind: 'failed', error: { code: 'permission', reason: 'no-permission', params: { origin: 'https://raw.githubusercontent.com/*' } } });
    expect(f).not.toHaveBeenCalled();
    expect(originPatternOf('https://a.example/x/y.md')).toBe('https://a.example/*');
  });

  it('keeps at most two requests in flight', async () => {
    let peak = 0;
    const releases: Array<() => void> = [];
    const f = serving(
      () =>
        new Promise<Response>((resolve) => {
          peak = Math.max(peak, requestsInFlight());
          releases.push(() => resolve(answer(daily)));
        }),
    );
    const all = Promise.all([1, 2, 3, 4, 5].map((n) => fetchFile(`${DAILY_URL}?n=${n}`, { fetchImpl: f })));
    for (let i = 0; i < 5; i++) {
      await vi.waitFor(() => expect(releases.length).toBe(Math.min(i + 2, 5)));
      expect(requestsInFlight()).toBeLessThanOrEqual(2);
      releases[i]();
    }
    expect((await all).map((r) => r.kind)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    expect(peak).toBe(2);
    expect(requestsInFlight()).toBe(0);
  });
});

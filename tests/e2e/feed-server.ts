/**
 * A publisher's host on loopback: an HTTPS server on 127.0.0.1 that answers as
 * raw.githubusercontent.com does, from copies of real feeds (tests/fixtures/feeds/), at the
 * paths a real subscription fetches. Chromium reaches it under the real host name through
 * `launchArgs()` (a host-resolver rule, and the test certificate accepted).
 *
 * Besides the files it can be told to misbehave on one path (a 500, a slow answer, a 200 HTML
 * error page, a 25 MB body, a redirect to another host), and it records every request so that
 * a test can say which were made.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const FEED_HOST = 'raw.githubusercontent.com';
/** Another host on the same server: where a redirect off the publisher's host lands. */
export const OTHER_HOST = 'objects.githubusercontent.com';
const FEEDS = resolve(import.meta.dirname, '../fixtures/feeds');

/** URL path prefix on the publisher's host → folder under tests/fixtures/feeds/. */
const REPOSITORIES: Array<[string, string]> = [
  ['/dw-dengwei/daily-arXiv-ai-enhanced/data/', 'daily-arxiv-ai-enhanced'],
  ['/qhduan/cn-chat-arxiv/master/', 'cn-chat-arxiv'],
  ['/a1henu/arxiv-daily-scroll/main/', 'arxiv-daily-scroll'],
  ['/xmkxabc/daily-arXiv-ai-enhanced/main/', 'xmkxabc-daily-arxiv-ai-enhanced'],
];

/** The URL a subscription to one day of dw-dengwei/daily-arXiv-ai-enhanced fetches. */
export const dailyArxivUrl = (date: string) => `https://${FEED_HOST}/dw-dengwei/daily-arXiv-ai-enhanced/data/data/${date}_AI_enhanced_Chinese.jsonl`;
export const DAILY_ARXIV_TEMPLATE = dailyArxivUrl('{date}');
export const CN_CHAT_PAPER_TEMPLATE = `https://${FEED_HOST}/qhduan/cn-chat-arxiv/master/papers/{yy}/{mm}/{id}.json`;

// Every file answers with this date: a fixed one keeps If-Modified-Since comparisons exact.
const LAST_MODIFIED = new Date('2026-07-01T07:00:00Z');

export interface RecordedRequest {
  method: string;
  path: string;
  ifNoneMatch?: string;
  ifModifiedSince?: string;
  status: number;
  at: number;
}

/** How one path misbehaves (set with `server.misbehave(path, …)`). */
export type Misbehaviour =
  | { kind: 'status'; status: number }
  | { kind: 'slow'; ms: number }
  | { kind: 'html-error-page' }
  | { kind: 'huge'; bytes: number; declareLength: boolean }
  | { kind: 'redirect'; location: string }
  /** The file of another path, under this one (a dated series whose every day is one file). */
  | { kind: 'alias'; of: string }
  /** The file of another path with its text changed (e.g. other papers' ids), served as a file is (ETag, 304s). */
  | { kind: 'rewrite'; of: string; rewrite: (text: string, path: string) => string };

export interface FeedServer {
  port: number;
  /** `--host-resolver-rules` and `--ignore-certificate-errors` for launchWithExtension({ args }). */
  launchArgs(): string[];
  requests: RecordedRequest[];
  /** The requests for paths containing `part`. */
  requestsFor(part: string): RecordedRequest[];
  misbehave(path: string | RegExp, how: Misbehaviour): void;
  /** Back to serving the files as they are. */
  behave(path?: string | RegExp): void;
  close(): Promise<void>;
}

let certificate: { key: Buffer; cert: Buffer } | null = null;

/** A self-signed certificate for the publisher's host, made once per test process. */
function testCertificate(): { key: Buffer; cert: Buffer } {
  if (certificate) return certificate;
  const dir = mkdtempSync(join(tmpdir(), 'arxiv-digest-tls-'));
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', `/CN=${FEED_HOST}`, '-addext', `subjectAltName=DNS:${FEED_HOST},DNS:${OTHER_HOST}`, '-keyout', key, '-out', cert],
    { stdio: 'ignore' },
  );
  certificate = { key: readFileSync(key), cert: readFileSync(cert) };
  return certificate;
}

/** The fixture file a path names, or null. */
export function fileFor(path: string): string | null {
  for (const [prefix, folder] of REPOSITORIES) {
    if (!path.startsWith(prefix)) continue;
    const file = resolve(FEEDS, folder, decodeURIComponent(path.slice(prefix.length)));
    if (!file.startsWith(resolve(FEEDS, folder) + '/')) return null;
    return existsSync(file) && statSync(file).isFile() ? file : null;
  }
  return null;
}

const HTML_ERROR_PAGE = `<!DOCTYPE html>
<html><head><title>Unicorn! · GitHub</title></head>
<body><h1>This page is taking too long to load.</h1><p>Sorry about that. Please try refreshing and contact us if the problem persists.</p></body></html>
`;

const contentType = (path: string) =>
  path.endsWith('.json') ? 'application/json; charset=utf-8' : path.endsWith('.jsonl') || path.endsWith('.md') || path.endsWith('.txt') ? 'text/plain; charset=utf-8' : 'application/octet-stream';

function serveFile(req: IncomingMessage, res: ServerResponse, file: string, body: Buffer = readFileSync(file)): number {
  const etag = `"${createHash('sha1').update(body).digest('hex')}"`;
  const headers = { ETag: etag, 'Last-Modified': LAST_MODIFIED.toUTCString(), 'Cache-Control': 'max-age=300', 'Content-Type': contentType(file) };
  const since = req.headers['if-modified-since'];
  const notModified = req.headers['if-none-match'] ? req.headers['if-none-match'] === etag : !!since && Date.parse(since) >= LAST_MODIFIED.getTime();
  if (notModified) {
    res.writeHead(304, headers).end();
    return 304;
  }
  res.writeHead(200, { ...headers, 'Content-Length': body.length });
  res.end(req.method === 'HEAD' ? undefined : body);
  return 200;
}

function serveHuge(res: ServerResponse, bytes: number, declareLength: boolean): void {
  res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', ...(declareLength ? { 'Content-Length': bytes } : {}) });
  const line = Buffer.from(`{"id": "2607.00001", "title": "Padding", "AI": {"tldr": "${'填充'.repeat(300)}"}}\n`);
  let sent = 0;
  const write = () => {
    while (sent < bytes) {
      const chunk = line.subarray(0, Math.min(line.length, bytes - sent));
      sent += chunk.length;
      if (!res.write(chunk)) return void res.once('drain', write);
    }
    res.end();
  };
  res.on('error', () => {});
  write();
}

export async function startFeedServer(): Promise<FeedServer> {
  const rules: Array<[string | RegExp, Misbehaviour]> = [];
  const requests: RecordedRequest[] = [];
  const matches = (rule: string | RegExp, path: string) => (typeof rule === 'string' ? rule === path : rule.test(path));

  const server: Server = createServer(testCertificate(), (req, res) => {
    const path = new URL(req.url ?? '/', `https://${FEED_HOST}`).pathname;
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path,
      ifNoneMatch: req.headers['if-none-match'],
      ifModifiedSince: req.headers['if-modified-since'],
      status: 0,
      at: Date.now(),
    };
    requests.push(record);
    const how = rules.findLast(([rule]) => matches(rule, path))?.[1];
    const plain = (status: number, text: string) => {
      record.status = status;
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' }).end(text);
    };
    const file = (p: string) => {
      const f = fileFor(p);
      if (!f) return plain(404, '404: Not Found');
      record.status = serveFile(req, res, f);
    };
    if (!how) return file(path);
    switch (how.kind) {
      case 'status':
        return plain(how.status, how.status >= 500 ? '500: Internal Server Error' : String(how.status));
      case 'slow': {
        const timer = setTimeout(() => file(path), how.ms);
        res.on('close', () => clearTimeout(timer));
        return;
      }
      case 'html-error-page':
        record.status = 200;
        return void res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(HTML_ERROR_PAGE);
      case 'huge':
        record.status = 200;
        return serveHuge(res, how.bytes, how.declareLength);
      case 'redirect':
        record.status = 302;
        return void res.writeHead(302, { Location: how.location }).end();
      case 'alias':
        return file(how.of);
      case 'rewrite': {
        const f = fileFor(how.of);
        if (!f) return plain(404, '404: Not Found');
        record.status = serveFile(req, res, f, Buffer.from(how.rewrite(readFileSync(f, 'utf8'), path)));
        return;
      }
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    launchArgs: () => [`--host-resolver-rules=MAP ${FEED_HOST} 127.0.0.1:${port},MAP ${OTHER_HOST} 127.0.0.1:${port}`, '--ignore-certificate-errors'],
    requests,
    requestsFor: (part) => requests.filter((r) => r.path.includes(part)),
    misbehave: (path, how) => void rules.push([path, how]),
    behave: (path) => {
      for (let i = rules.length - 1; i >= 0; i--) if (path === undefined || String(rules[i][0]) === String(path)) rules.splice(i, 1);
    },
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/**
 * A copy of the built extension whose manifest lists the publisher's host: a headless run
 * cannot click the permission prompt, and with the host granted at install
 * `permissions.contains` is true and `permissions.request` resolves without one.
 */
export function extensionWithFeedHost(built: string): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'arxiv-digest-ext-')), 'chrome-mv3');
  cpSync(built, dir, { recursive: true });
  const manifestPath = join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  manifest.host_permissions = [...(manifest.host_permissions ?? []), `https://${FEED_HOST}/*`];
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
  return dir;
}

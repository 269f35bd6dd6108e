/**
 * The built extension as a store reviewer reads it (runs after `wxt build`, needs no browser):
 * no code from strings, no remote code, the default content security policy, and exactly the
 * permissions the README's table explains — a permission added without its reason fails here.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';

const ROOT = resolve(import.meta.dirname, '../..');
const BUILDS = ['chrome-mv3', 'firefox-mv2'].map((b) => join(ROOT, '.output', b)).filter((dir) => existsSync(join(dir, 'manifest.json')));

function filesOf(dir: string, ext: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesOf(path, ext) : ext.test(name) ? [path] : [];
  });
}

interface Manifest {
  manifest_version: number;
  permissions?: string[];
  host_permissions?: string[];
  optional_permissions?: string[];
  optional_host_permissions?: string[];
  content_security_policy?: unknown;
}

/** The README's permissions table: the backticked names in each row's first cell. */
function readmePermissions(): { names: Set<string>; hosts: Set<string>; optional: Set<string> } {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = /^## Permissions[^\n]*\n([\s\S]*?)(?=^## )/m.exec(readme)?.[1] ?? '';
  const names = new Set<string>();
  const hosts = new Set<string>();
  const optional = new Set<string>();
  for (const row of section.split('\n').filter((l) => /^\|/.test(l) && !/^\|\s*-/.test(l)).slice(1)) {
    const first = row.split('|')[1] ?? '';
    const tokens = [...first.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
    for (const token of tokens) {
      if (/^optional/i.test(first.trim())) optional.add(token);
      else if (/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(token)) hosts.add(token);
      else names.add(token);
    }
  }
  return { names, hosts, optional };
}

test('the built extension runs no code made from strings and loads none from the network', () => {
  expect(BUILDS.length).toBeGreaterThan(0);
  for (const dir of BUILDS) {
    const scripts = filesOf(dir, /\.(?:js|mjs)$/);
    expect(scripts.length).toBeGreaterThan(2);
    for (const file of scripts) {
      const code = readFileSync(file, 'utf8');
      expect(code, file).not.toMatch(/\beval\s*\(|\bnew\s+Function\s*\(|\bsetTimeout\s*\(\s*["'`]/);
      expect(code, file).not.toMatch(/importScripts\s*\(\s*["'`]https?:/);
      expect(code, file).not.toMatch(/\bimport\s*\(\s*["'`]https?:/);
    }
    for (const file of filesOf(dir, /\.html$/)) {
      const html = readFileSync(file, 'utf8');
      expect(html, file).not.toMatch(/<script[^>]+src\s*=\s*["']?(?:https?:)?\/\//i);
      expect(html, file).not.toMatch(/<link[^>]+href\s*=\s*["']?(?:https?:)?\/\//i);
    }
  }
});

test('the manifest keeps the default content security policy, and its permissions are the README table’s', () => {
  const table = readmePermissions();
  expect(table.names.size).toBeGreaterThan(0);
  for (const dir of BUILDS) {
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
    expect(m.content_security_policy, dir).toBeUndefined();
    // In Manifest V2, host access sits among the permissions.
    const all = [...(m.permissions ?? [])];
    const hostPatterns = [...(m.host_permissions ?? []), ...all.filter((p) => p.includes('://'))];
    const names = all.filter((p) => !p.includes('://'));
    // Every permission held is explained; every one explained is held (but those one browser lacks).
    for (const n of names) expect(table.names.has(n), `${dir}: "${n}" is not in the README's permissions table`).toBe(true);
    for (const n of table.names) if (!isChromeOnly(n, dir)) expect(names, `${dir}: the README lists "${n}", the manifest does not`).toContain(n);
    const hosts = new Set(hostPatterns.map((p) => p.replace(/^\*:\/\//, '').replace(/\/\*$/, '')));
    expect(hosts, `${dir}: host access`).toEqual(table.hosts);
    const optional = [...(m.optional_host_permissions ?? []), ...(m.optional_permissions ?? [])];
    for (const p of optional) {
      const listed = [...table.optional].some((o) => o === p || (p === 'https://*/*' && /^https:\/\/<[^>]+>\/\*$/.test(o)));
      expect(listed, `${dir}: optional "${p}" is not in the README's permissions table`).toBe(true);
    }
  }
});

/** Permissions only one browser has (Chrome's `sidePanel`, `scripting` in MV3): absent elsewhere is fine. */
function isChromeOnly(name: string, dir: string): boolean {
  return dir.endsWith('firefox-mv2') && ['sidePanel', 'scripting'].includes(name);
}

// `npm test`: type-check, unit tests (Vitest), then the end-to-end tests (Playwright in Chromium,
// then node:test + puppeteer-core in Firefox, each on its freshly built extension). Prints one
// honest line summed from the runners' reports.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const reports = resolve(root, 'reports');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

function step(title, cmd, args, env = {}) {
  console.log(`\n== ${title}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status === 0;
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(resolve(reports, file), 'utf8'));
  } catch {
    return null;
  }
}

const typesOk = step('type-check', 'npx', ['tsc', '--noEmit']);
step('unit tests', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${resolve(reports, 'unit.json')}`]);
const built = step('build', 'npx', ['wxt', 'build']);
if (built) step('end-to-end tests', 'npx', ['playwright', 'test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: resolve(reports, 'e2e.json') });
// The Firefox build in Firefox: node:test's TAP report ends with "# pass N" / "# fail N".
const builtFirefox = step('build for Firefox', 'npx', ['wxt', 'build', '-b', 'firefox']);
if (builtFirefox)
  step('end-to-end tests in Firefox', 'npx', ['tsx', '--test', '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${resolve(reports, 'firefox.tap')}`, 'tests/firefox/firefox.test.ts']);

const unit = readJson('unit.json');
const e2e = readJson('e2e.json');
function readTap(file) {
  try {
    const tap = readFileSync(resolve(reports, file), 'utf8');
    const count = (name) => Number(tap.match(new RegExp(`^# ${name} (\\d+)$`, 'm'))?.[1] ?? NaN);
    const r = { passed: count('pass'), failed: count('fail') + (count('cancelled') || 0), skipped: (count('skipped') || 0) + (count('todo') || 0) };
    return Number.isNaN(r.passed) || Number.isNaN(r.failed) ? null : r;
  } catch {
    return null;
  }
}
const firefox = readTap('firefox.tap');
let passed = 0;
let failed = 0;
let skipped = 0;
if (unit) {
  passed += unit.numPassedTests;
  failed += unit.numFailedTests;
  skipped += unit.numPendingTests + (unit.numTodoTests ?? 0);
  // A test file that failed to load counts as a failure even though it reported no test.
  failed += unit.testResults.filter((f) => f.status === 'failed' && f.assertionResults.length === 0).length;
} else failed++;
if (e2e) {
  passed += e2e.stats.expected;
  failed += e2e.stats.unexpected + e2e.stats.flaky;
  skipped += e2e.stats.skipped;
  failed += (e2e.errors ?? []).length;
} else failed++;
if (firefox) {
  passed += firefox.passed;
  failed += firefox.failed;
  skipped += firefox.skipped;
} else failed++;
if (!typesOk || !built || !builtFirefox) failed++;

console.log(`\nunit: ${unit ? `${unit.numPassedTests} passed, ${unit.numFailedTests} failed` : 'no report'}; end-to-end: ${e2e ? `${e2e.stats.expected} passed, ${e2e.stats.unexpected + e2e.stats.flaky} failed` : 'no report'}; Firefox: ${firefox ? `${firefox.passed} passed, ${firefox.failed} failed` : 'no report'}${typesOk ? '' : '; type-check failed'}${built ? '' : '; build failed'}${builtFirefox ? '' : '; Firefox build failed'}`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exitCode = failed === 0 && passed > 0 && existsSync(resolve(reports, 'e2e.json')) && firefox ? 0 : 1;

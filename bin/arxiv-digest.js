#!/usr/bin/env node
// The digest tool's command: runs cli/digest.ts through tsx, so that it shares the extension's
// TypeScript core without a separate build.
import { register } from 'tsx/esm/api';

register();
const { run } = await import('../cli/digest.ts');
process.exitCode = run(
  process.argv.slice(2),
  (s) => process.stdout.write(s + '\n'),
  (s) => process.stderr.write(s + '\n'),
);

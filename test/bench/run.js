#!/usr/bin/env node
'use strict';
// `npm run bench`: runs every bench/*.bench.ts (through tsx, from sources) one after another.
// Benchmarks print their own tables; this runner only finds and starts them.
const { spawnSync } = require('node:child_process');
const { readdirSync } = require('node:fs');
const { join } = require('node:path');

const dir = __dirname;
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
if (files.length === 0) {
  process.stderr.write('no bench/*.bench.ts files found\n');
  process.exit(1);
}
let failed = 0;
for (const file of files) {
  process.stdout.write(`\n== ${file} ==\n`);
  const result = spawnSync(process.execPath, ['--conditions=relayflow-src', '--expose-gc', '--require', 'tsx/cjs', join(dir, file)], {
    stdio: 'inherit',
    env: { ...process.env, RELAYFLOW_LOG_LEVEL: process.env.RELAYFLOW_LOG_LEVEL || 'silent' },
  });
  if (result.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);

#!/usr/bin/env node
'use strict';
// `relayflow --version` answers without loading the core.
const args = process.argv.slice(2);
const end = args.indexOf('--');
if ((end === -1 ? args : args.slice(0, end)).includes('--version')) {
  process.stdout.write(`${require('../package.json').version}\n`);
  process.exit(0);
}
let cli;
try {
  cli = require('../dist/cli/main.js');
} catch (err) {
  if (err && err.code === 'MODULE_NOT_FOUND' && String(err.message).split('\n')[0].includes('dist/cli/main.js')) {
    process.stderr.write('error: @relayflow/core is not built; run: npm run build\n');
    process.exit(2);
  }
  throw err;
}
cli.main(process.argv);

#!/usr/bin/env node
'use strict';
// `npm create relayflow-plugin NAME` (npm init's convention) runs this file.
let cli;
try {
  cli = require('../dist/cli.js');
} catch (err) {
  if (err && err.code === 'MODULE_NOT_FOUND' && String(err.message).split('\n')[0].includes('dist/cli.js')) {
    process.stderr.write('error: create-relayflow-plugin is not built; run: npm run build\n');
    process.exit(2);
  }
  throw err;
}
process.exitCode = cli.main(process.argv.slice(2));

#!/usr/bin/env node
'use strict';
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

#!/usr/bin/env node
'use strict';
// `relayflow --version` answers without loading the core.
const args = process.argv.slice(2);
const end = args.indexOf('--');
if ((end === -1 ? args : args.slice(0, end)).includes('--version')) {
  process.stdout.write(`${require('../package.json').version}\n`);
  process.exit(0);
}
// inversify from the one file the build bundled it into (scripts/bundle-inversify.js): its ~370
// ES modules take ~100 ms to load, the bundle ~10. Only this command does it; a host embedding
// Relayflow loads inversify itself.
const vendored = require('node:path').join(__dirname, '..', 'dist', 'vendor', 'inversify.js');
if (require('node:fs').existsSync(vendored)) {
  const Module = require('node:module');
  const resolveFilename = Module._resolveFilename;
  Module._resolveFilename = function (request, ...rest) {
    return request === 'inversify' ? vendored : resolveFilename.call(this, request, ...rest);
  };
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

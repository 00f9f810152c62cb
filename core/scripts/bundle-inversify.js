#!/usr/bin/env node
'use strict';
// Part of `npm run build` (core's `generate`): bundles inversify into one CommonJS file,
// dist/vendor/inversify.js, which the `relayflow` command loads in its place (bin/relayflow.js).
// inversify 8 is ~370 ES modules: Node 20 takes ~100 ms to load them through require(esm) on
// this machine, the bundle ~10 ms. Made from the installed package, so it is the same version;
// an embedding host still gets inversify itself.
const { buildSync } = require('esbuild');
const { join } = require('node:path');

buildSync({
  entryPoints: [require.resolve('inversify')],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  outfile: join(__dirname, '..', 'dist', 'vendor', 'inversify.js'),
  legalComments: 'inline',
  logLevel: 'warning',
});

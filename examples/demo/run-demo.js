#!/usr/bin/env node
'use strict';
// `npm run demo`: runs the example workflows end to end against local stand-ins (see demo.ts).
require('tsx/cjs');
require('./demo.ts')
  .main()
  .then((code) => { process.exitCode = code; })
  .catch((err) => {
    process.stderr.write(`demo failed: ${err && err.stack ? err.stack : err}\n`);
    process.exitCode = 1;
  });

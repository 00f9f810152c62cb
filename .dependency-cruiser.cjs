/**
 * Import rules for @relayflow/core (`npm run deps`, part of `npm test`): contracts are leaves, and
 * core's folders never import each other in a circle (type-only imports count too).
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'no-root-imports',
      severity: 'error',
      comment: "core's root holds only the entry points (index.ts, the barrel; plugin-api.ts, what the SDK re-exports): nothing inside core imports them, so no cycle can hide behind a root file",
      from: { path: '^core/src/[^/]+/' },
      to: { path: '^core/src/[^/]+\\.ts$' },
    },
    {
      name: 'no-folder-cycle',
      severity: 'error',
      comment: "core's folders form no cycle: arrows point from the top floor (cli, runtime) down to contracts",
      scope: 'folder',
      from: { path: '^core/src' },
      to: { circular: true },
    },
    {
      name: 'contracts-are-leaves',
      severity: 'error',
      comment: 'a contract file imports only other contract files (no implementation, config class, compiler type, package or Node module)',
      from: { path: '^core/src/contracts/' },
      to: { pathNot: '^core/src/contracts/' },
    },
    {
      name: 'errors-on-ground-floor',
      severity: 'error',
      comment: 'the error table and RelayflowError sit just above contracts: every room may import them, so they import only contracts',
      from: { path: '^core/src/errors/' },
      to: { pathNot: ['^core/src/errors/', '^core/src/contracts/', '^node_modules/'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'server-is-top-floor',
      severity: 'error',
      comment: 'the REST server is a client of the facade: nothing but the CLI (which loads it lazily for `relayflow serve`) imports it, so an embedding host never loads Fastify',
      from: { path: '^core/src', pathNot: ['^core/src/server/', '^core/src/cli/'] },
      to: { path: '^core/src/server/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['\\.spec\\.ts$', '/dist/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};

// Lint: typescript-eslint's recommended rules, plus the plugin boundary: a plugin (official or
// the example third-party one) imports nothing from Relayflow but @relayflow/sdk, and sends
// nothing except through the core's egress client (ctx.http).
import tseslint from 'typescript-eslint';

const boundary = [
  { group: ['@relayflow/core', '@relayflow/core/*'], message: 'Plugins import only @relayflow/sdk (core is reached through the SDK).' },
  { group: ['@relayflow/plugin-*', '@relayflow/plugin-*/*'], message: 'A plugin never imports another plugin.' },
  { group: ['@relayflow/sdk/*', '!@relayflow/sdk/testing'], message: 'Import @relayflow/sdk (or @relayflow/sdk/testing in tests), not its internals.' },
  { group: ['**/core/src/**', '**/core/dist/**', '**/sdk/src/**', '**/sdk/dist/**', '../../*', '../../../*'], message: 'Plugins import only @relayflow/sdk, never files outside their own package.' },
  { group: ['class-validator', 'class-transformer'], message: 'Take validation decorators from @relayflow/sdk so there is one copy of class-validator.' },
];

const EGRESS_MESSAGE = 'Every outbound request goes through ctx.http, the core egress client (allowed hosts, TLS, proxy, limits).';
/** Exact module names (a pattern like "http" would also match a plugin's own "./http/..." folder). */
const egressModules = ['axios', 'undici', 'node-fetch', 'got', 'superagent', 'http', 'https', 'http2', 'net', 'tls', 'dgram',
  'node:http', 'node:https', 'node:http2', 'node:net', 'node:tls', 'node:dgram'].map((name) => ({ name, message: EGRESS_MESSAGE }));
const egressPatterns = [{ group: ['axios/*', 'undici/*', 'node-fetch/*', 'got/*'], message: EGRESS_MESSAGE }];

const noOwnNetworking = {
  'no-restricted-globals': ['error', ...['fetch', 'XMLHttpRequest', 'WebSocket', 'EventSource'].map((name) => ({
    name, message: 'Every outbound request goes through ctx.http, the core egress client.',
  }))],
};

// The same boundary for `import('...')` and `type T = import('...').T`, which no-restricted-imports
// does not see (as regular expressions: esquery selectors cannot use the globs above).
const BOUNDARY_SOURCE = String.raw`/^(@relayflow\/core(\/|$)|@relayflow\/plugin-|@relayflow\/sdk\/(?!testing$)|class-(validator|transformer)(\/|$)|.*\/(core|sdk)\/(src|dist)(\/|$)|(\.\.\/){2,})/`;
const EGRESS_SOURCE = String.raw`/^((node:)?(http|https|http2|net|tls|dgram)$|(axios|undici|node-fetch|got|superagent)(\/|$))/`;
const BOUNDARY_MESSAGE = 'Plugins reach Relayflow only through @relayflow/sdk (or @relayflow/sdk/testing in tests), never core, another plugin, SDK internals, files outside their package or class-validator directly: not with import() or import types either.';
const dynamicImports = (sources) => [
  ...sources.map(([source, message]) => ({ selector: `ImportExpression[source.value=${source}]`, message })),
  ...sources.map(([source, message]) => ({ selector: `TSImportType[source.value=${source}]`, message })),
  { selector: "ImportExpression[source.type!='Literal']", message: 'Plugins import modules by literal name only, so the plugin boundary can be checked.' },
];
const pluginSyntax = { 'no-restricted-syntax': ['error', ...dynamicImports([[BOUNDARY_SOURCE, BOUNDARY_MESSAGE], [EGRESS_SOURCE, EGRESS_MESSAGE]])] };
const pluginTestSyntax = { 'no-restricted-syntax': ['error', ...dynamicImports([[BOUNDARY_SOURCE, BOUNDARY_MESSAGE]])] };

const PLUGIN_FILES = ['plugins/*/src/**/*.ts', 'examples/custom-connector/src/**/*.ts'];
const PLUGIN_TEST_FILES = ['**/*.spec.ts', '**/testing/**', '**/test-support/**', '**/test-support.ts'];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'test/.tmp/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // The engine knows no step kind by name (step kinds are an extension point): no switch over a
  // kind nor a kind compared with a literal, and no non-null assertion (a compiled step is a
  // union keyed by kind, narrowed, not forced). test/engine-lint.spec.ts plants each one.
  {
    files: ['core/src/workflow/engine/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-syntax': ['error', ...[
        "SwitchStatement[discriminant.property.name='kind']", "SwitchStatement[discriminant.name='kind']",
        ...['left', 'right'].flatMap((side) => [`BinaryExpression[${side}.property.name='kind'][${side === 'left' ? 'right' : 'left'}.type='Literal']`, `BinaryExpression[${side}.name='kind'][${side === 'left' ? 'right' : 'left'}.type='Literal']`]),
      ].map((selector) => ({ selector, message: 'the engine picks a step kind from the StepKindRegistry, never by a switch over kinds or a kind named in a comparison' }))],
      '@typescript-eslint/no-non-null-assertion': 'error',
    },
  },
  // Plugin code and its tests: no eslint-disable / eslint-enable / rule comments, so the boundary
  // cannot be switched off in a file (ESLint warns about such a comment; `npm run lint` allows no warnings).
  { files: PLUGIN_FILES, linterOptions: { noInlineConfig: true } },
  // Plugin code: only the SDK, and no networking of its own.
  { files: PLUGIN_FILES, ignores: PLUGIN_TEST_FILES, rules: { 'no-restricted-imports': ['error', { paths: egressModules, patterns: [...boundary, ...egressPatterns] }], ...pluginSyntax, ...noOwnNetworking } },
  // Plugin tests may run local servers (HTTPS stand-ins), but still reach Relayflow only through the SDK.
  { files: PLUGIN_TEST_FILES.map((glob) => `plugins/*/src/${glob.replace(/^\*\*\//, '**/')}`).concat(PLUGIN_TEST_FILES.map((glob) => `examples/custom-connector/src/${glob.replace(/^\*\*\//, '**/')}`)), rules: { 'no-restricted-imports': ['error', { patterns: boundary }], ...pluginTestSyntax } },
);

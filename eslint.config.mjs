// Lint: typescript-eslint's recommended rules, plus the plugin boundary: a plugin (official or
// the example third-party one) imports nothing from Relayflow but @relayflow/sdk.
import tseslint from 'typescript-eslint';

const pluginBoundary = {
  'no-restricted-imports': ['error', {
    patterns: [
      { group: ['@relayflow/core', '@relayflow/core/*'], message: 'Plugins import only @relayflow/sdk (core is reached through the SDK).' },
      { group: ['@relayflow/plugin-*', '@relayflow/plugin-*/*'], message: 'A plugin never imports another plugin.' },
      { group: ['@relayflow/sdk/*', '!@relayflow/sdk/testing'], message: 'Import @relayflow/sdk (or @relayflow/sdk/testing in tests), not its internals.' },
      { group: ['**/core/src/**', '**/core/dist/**', '**/sdk/src/**', '**/sdk/dist/**', '../../*', '../../../*'], message: 'Plugins import only @relayflow/sdk, never files outside their own package.' },
      { group: ['class-validator', 'class-transformer'], message: 'Take validation decorators from @relayflow/sdk so there is one copy of class-validator.' },
    ],
  }],
};

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'test/.tmp/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  { files: ['plugins/*/src/**/*.ts', 'examples/custom-connector/src/**/*.ts'], rules: pluginBoundary },
);

/**
 * The files `npm create relayflow-plugin` (and `relayflow plugin init`) writes: a connector
 * plugin package with one connector type, one action, a passing test using
 * @relayflow/sdk/testing, a lint config, build, test and watch scripts, and a README.
 * sdk/README.md walks through exactly this output; keep them in step.
 */
export interface PluginTemplateInput {
  /** npm package name, e.g. `relayflow-plugin-acme` or `@acme/relayflow-plugin-tickets`. */
  packageName: string;
  /** Connector type id, e.g. `acme`. */
  typeId: string;
  /** Display name, e.g. `Acme`. */
  displayName: string;
  /** SDK version the scaffold targets. */
  sdkVersion: string;
}

/**
 * The scaffold's lint config: typescript-eslint's recommended rules, and the plugin boundary the
 * official plugins keep: Relayflow only through @relayflow/sdk (its decorators included, so
 * there is one copy of class-validator), and no HTTP client of its own (ctx.http, the core's
 * egress client, applies allowed hosts, TLS, proxy and limits).
 */
const ESLINT_CONFIG = `import tseslint from 'typescript-eslint';

const egress = 'Send requests with ctx.http, the core egress client (allowed hosts, TLS, proxy, limits).';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: ['axios', 'undici', 'node-fetch', 'got', 'http', 'https', 'node:http', 'node:https', 'net', 'node:net', 'tls', 'node:tls']
          .map((name) => ({ name, message: egress })),
        patterns: [
          { group: ['@relayflow/core', '@relayflow/core/*'], message: 'A plugin imports Relayflow only through @relayflow/sdk.' },
          { group: ['class-validator', 'class-transformer'], message: 'Take the decorators from @relayflow/sdk, so there is one copy of class-validator.' },
        ],
      }],
      'no-restricted-globals': ['error', { name: 'fetch', message: egress }],
    },
  },
);
`;

/** Relative path → file content. */
export function pluginTemplate(input: PluginTemplateInput): Record<string, string> {
  const { packageName, typeId, displayName, sdkVersion } = input;
  const major = sdkVersion.split('.')[0];
  const camel = typeId.replace(/[-_]([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
  const pascal = camel.charAt(0).toUpperCase() + camel.slice(1);
  const tarball = `${packageName.replace(/^@/, '').replace('/', '-')}-0.1.0.tgz`;
  return {
    'package.json': `${JSON.stringify({
      name: packageName,
      version: '0.1.0',
      description: `Relayflow connector plugin: ${displayName}`,
      license: 'MIT',
      main: 'dist/index.js',
      types: 'dist/index.d.ts',
      files: ['dist'],
      keywords: ['relayflow', 'relayflow-plugin'],
      relayflow: { plugin: './dist/index.js', sdk: `^${major}.0.0` },
      scripts: {
        build: 'tsc -p tsconfig.build.json',
        test: 'mocha',
        lint: 'eslint . --max-warnings 0',
        dev: 'concurrently --kill-others --names build,test "tsc -p tsconfig.build.json --watch --preserveWatchOutput" "mocha --watch"',
        prepack: 'npm run build',
      },
      peerDependencies: { '@relayflow/sdk': `^${major}.0.0`, 'class-transformer': '^0.5.1', 'class-validator': '^0.15.1' },
      devDependencies: {
        '@relayflow/core': `^${sdkVersion}`, '@relayflow/sdk': `^${sdkVersion}`, '@types/chai': '5.2.3', '@types/mocha': '^10.0.10',
        '@types/node': '^20.19.0', chai: '^6.3.0', 'class-transformer': '^0.5.1', 'class-validator': '^0.15.1', concurrently: '^9.2.5',
        eslint: '^10.15.0', mocha: '^12.0.3', tsx: '^4.23.15', typescript: '~5.9.3', 'typescript-eslint': '^8.73.0',
      },
      engines: { node: '>=20.19.0' },
    }, null, 2)}\n`,
    'tsconfig.json': `${JSON.stringify({
      compilerOptions: {
        target: 'ES2022', module: 'node20', moduleResolution: 'nodenext', strict: true, esModuleInterop: true, skipLibCheck: true,
        experimentalDecorators: true, useDefineForClassFields: false, declaration: true, outDir: 'dist', rootDir: 'src',
        types: ['node', 'mocha'],
      },
      include: ['src'],
    }, null, 2)}\n`,
    'tsconfig.build.json': `${JSON.stringify({ extends: './tsconfig.json', exclude: ['src/**/*.spec.ts'] }, null, 2)}\n`,
    '.mocharc.json': `${JSON.stringify({ require: ['tsx/cjs'], extension: ['ts'], spec: ['src/**/*.spec.ts'], 'watch-files': ['src'], timeout: 10000, exit: true }, null, 2)}\n`,
    'eslint.config.mjs': ESLINT_CONFIG,
    '.gitignore': 'node_modules/\ndist/\n*.tgz\n',
    'src/index.ts': `import {
  defineConnectorType, definePlugin, Description, error, httpErrorResult, IsOptional, IsString, IsUrl, MinLength, ok,
} from '@relayflow/sdk';

/** Connector config: where the ${displayName} API lives. */
export class ${pascal}Config {
  @Description('Base URL of the ${displayName} API, e.g. https://api.example.com')
  @IsUrl({ require_tld: false }) apiUrl!: string;
}

/** Connector secrets: encrypted at rest, never logged. */
export class ${pascal}Secrets {
  @Description('The ${displayName} API key, sent as a bearer token')
  @IsString() @MinLength(1) apiKey!: string;
}

/**
 * Params of the \`send\` action (the step's \`with\`). Descriptions show in
 * \`relayflow connectors types ${typeId}\` and as hover text in editors (\`relayflow schema\`).
 */
export class SendParams {
  @Description('Title of the event, e.g. "Disk full on {{ event.host }}"')
  @IsString() @MinLength(1) title!: string;
  @Description('More text about the event (optional)')
  @IsOptional() @IsString() details?: string;
}

/** The \`${typeId}\` connector type: step type \`${typeId}\` runs \`send\`. */
export const ${camel}Connector = defineConnectorType({
  id: '${typeId}',
  name: '${displayName}',
  config: ${pascal}Config,
  secrets: ${pascal}Secrets,
  defaultAction: 'send',
  validate({ config }, tools) {
    const problem = tools.checkUrl(config.apiUrl);
    return problem ? [{ path: 'config.apiUrl', message: problem }] : undefined;
  },
  actions: {
    send: {
      params: SendParams,
      description: 'Send an event to ${displayName}',
      async execute({ params, config, secrets, http, signal, logger }) {
        logger.debug('sending event', { title: params.title });
        const res = await http.request({
          method: 'POST',
          url: \`\${config.apiUrl.replace(/\\/+$/, '')}/events\`,
          headers: { authorization: \`Bearer \${secrets.apiKey}\` },
          data: { title: params.title, details: params.details ?? '' },
          signal,
        });
        if (res.status >= 200 && res.status < 300) return ok(res.data);
        if (res.status === 401) return error({ message: '${displayName} refused the API key (401); update the connector secrets', retry: false });
        return httpErrorResult(res, 'error sending the event to ${displayName}');
      },
    },
  },
});

export default definePlugin({
  id: '${packageName.replace(/^@/, '').replace(/\//g, '-')}',
  sdk: '^${major}.0.0',
  setup({ registerConnectorType }) {
    registerConnectorType(${camel}Connector);
  },
});
`,
    'src/index.spec.ts': `import { expect } from 'chai';
import { createTestRelayflow, startStandIn, type StandIn, type TestRelayflow } from '@relayflow/sdk/testing';
import plugin from './index';

describe('${typeId} connector', () => {
  let api: StandIn;
  let rf: TestRelayflow;

  beforeEach(async () => {
    api = await startStandIn({ 'POST /events': { status: 202, body: { id: 'evt-1' } } });
    rf = await createTestRelayflow({
      plugins: [plugin],
      connectors: [{ type: '${typeId}', name: 'test', config: { apiUrl: api.url }, secrets: { apiKey: 'key-123456' } }],
    });
  });

  afterEach(async () => {
    await rf.stop();
    await api.close();
  });

  it('sends the event with the API key and returns the response', async () => {
    const result = await rf.runAction({ type: '${typeId}', connector: 'test', params: { title: 'Disk full' } });
    expect(result).to.deep.equal({ status: 'ok', data: { id: 'evt-1' } });
    expect(api.requests).to.have.length(1);
    expect(api.requests[0].json).to.deep.equal({ title: 'Disk full', details: '' });
    expect(api.requests[0].headers.authorization).to.equal('Bearer key-123456');
  });

  it('asks for a retry when the service is unavailable, without leaking the key', async () => {
    api.handle(() => ({ status: 503, body: { error: 'maintenance' } }));
    const result = await rf.runAction({ type: '${typeId}', connector: 'test', params: { title: 'Disk full' } });
    expect(result.status).to.equal('error');
    if (result.status === 'error') {
      expect(result.retry).to.equal(true);
      expect(result.message).to.include('503');
      expect(JSON.stringify(result)).to.not.include('key-123456');
    }
  });

  it('refuses invalid params before sending anything', async () => {
    try {
      await rf.runAction({ type: '${typeId}', connector: 'test', params: { title: '' } });
      expect.fail('expected a validation error');
    } catch (err) {
      expect((err as Error).message).to.include('title');
    }
    expect(api.requests).to.have.length(0);
  });
});
`,
    'README.md': `# ${packageName}

A [Relayflow](https://github.com/) connector plugin: connector type \`${typeId}\` (${displayName}).

## Develop

\`\`\`sh
npm install       # before @relayflow/core and @relayflow/sdk are on the registry:
                  # npm install --no-save path/to/relayflow-core-VERSION.tgz path/to/relayflow-sdk-VERSION.tgz
npm test          # runs src/index.spec.ts against a local stand-in server
npm run dev       # rebuilds dist/ and runs the tests again on every change (Ctrl-C stops)
npm run lint      # typescript-eslint, and the plugin boundary: only @relayflow/sdk, requests only through ctx.http
npm run build     # compiles to dist/
\`\`\`

## Use

In the project that runs your workflows:

\`\`\`sh
npm install @relayflow/core ${packageName}   # or the file \`npm pack\` made here: ${tarball}
npx relayflow plugins list          # the plugin is discovered from node_modules
npx relayflow connectors create --type ${typeId} --name ${typeId} \\
  --config '{"apiUrl":"https://api.example.com"}' --secrets '{"apiKey":"..."}'
\`\`\`

\`\`\`yaml
steps:
  - name: notify
    type: ${typeId}            # or ${typeId}.send
    connector-id: ${typeId}
    with:
      title: "Alert: {{ event.name }}"
\`\`\`

## Publish

\`\`\`sh
npm publish --access public   # prepack builds dist/ first
\`\`\`
`,
  };
}

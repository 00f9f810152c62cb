import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { thrownBy } from '../../../test/support/errors';
import { tempDir } from '../../../test/support/temp-dir';
import { formatProblem } from '../errors/format-problem';
import { loadConfig } from './config-loader';

function configFile(text: string): string {
  const file = join(tempDir(), 'relayflow.yaml');
  writeFileSync(file, text);
  return file;
}

describe('loadConfig', () => {
  it('applies defaults when the file is empty', () => {
    const { config } = loadConfig({ configFile: configFile('') });
    expect(config.store).to.equal('sqlite');
    expect(config.networking.allowedHosts).to.deep.equal(['*']);
    expect(config.networking.responseTimeout).to.equal('60s');
    expect(config.networking.maxResponseContentLength).to.equal('1mb');
    expect(config.networking.ssl).to.deep.include({});
    expect(config.connectors).to.deep.equal([]);
  });

  it('substitutes ${env:NAME} anywhere in the file', () => {
    const file = configFile([
      'encryptionKey: ${env:KEY}',
      'networking:',
      '  allowedHosts: ["${env:HOST}", "api.example.com"]',
      'connectors:',
      '  - id: 6b0c4f8e-8a8e-4f5b-9a55-1a2b3c4d5e6f',
      '    name: ops',
      '    type: slack',
      '    secrets:',
      '      webhookUrl: https://hooks.example.com/${env:PATH_PART}',
    ].join('\n'));
    const { config } = loadConfig({ configFile: file, env: { KEY: 'k'.repeat(40), HOST: 'jira.internal', PATH_PART: 'T0/B0' } });
    expect(config.encryptionKey).to.equal('k'.repeat(40));
    expect(config.networking.allowedHosts).to.deep.equal(['jira.internal', 'api.example.com']);
    expect(config.connectors[0].secrets).to.deep.equal({ webhookUrl: 'https://hooks.example.com/T0/B0' });
  });

  it('names a missing environment variable with its line and column', () => {
    const file = configFile('store: sqlite\nencryptionKey: ${env:NOT_SET_ANYWHERE}\n');
    const err = thrownBy(() => loadConfig({ configFile: file, env: {} }));
    expect(err.code).to.equal('CONFIG_INVALID');
    expect(err.problems[0].message).to.match(/environment variable NOT_SET_ANYWHERE is not set/);
    expect(err.problems[0].location).to.deep.equal({ file, line: 2, col: 16 });
  });

  it('with warn, reports unset variables instead of failing: settings fall back, connectors keep an empty value', () => {
    const file = configFile([
      'encryptionKey: ${env:UNSET_KEY}',
      'networking:',
      '  allowedHosts: ["${env:UNSET_HOST}", "api.example.com"]',
      'connectors:',
      '  - id: ops',
      '    name: ops',
      '    type: slack',
      '    secrets:',
      '      webhookUrl: ${env:UNSET_URL}',
    ].join('\n'));
    const warnings: string[] = [];
    const loaded = loadConfig({ configFile: file, env: {}, warn: (p) => warnings.push(formatProblem(p)) });
    expect(warnings).to.deep.equal([
      `${file}:1:16: environment variable UNSET_KEY is not set (referenced as \${env:UNSET_KEY})`,
      `${file}:3:18: environment variable UNSET_HOST is not set (referenced as \${env:UNSET_HOST})`,
      `${file}:9:19: environment variable UNSET_URL is not set (referenced as \${env:UNSET_URL})`,
    ]);
    expect(loaded.config.encryptionKey).to.equal(undefined);
    expect(loaded.config.networking.allowedHosts).to.deep.equal(['api.example.com']);
    expect(loaded.config.connectors[0].secrets).to.deep.equal({ webhookUrl: '' });
    expect(loaded.unsetPaths).to.deep.equal([['connectors', 0, 'secrets', 'webhookUrl']]);

    const fromObject = loadConfig({ config: { encryptionKey: '${env:UNSET_KEY}', connectors: [{ id: 'a', name: 'a', type: 'slack', secrets: { webhookUrl: '${env:UNSET_URL}' } }] }, env: {}, warn: () => undefined });
    expect(fromObject.config.encryptionKey).to.equal(undefined);
    expect(fromObject.unsetPaths).to.deep.equal([['connectors', 0, 'secrets', 'webhookUrl']]);
  });

  it('reports every unknown key and bad value at once, with locations', () => {
    const file = configFile([
      'store: sqlite',
      'networking:',
      '  allowedHost: ["*"]',
      '  responseTimeout: soon',
      '  ssl: { verificationMode: sometimes }',
      'plugin: []',
    ].join('\n'));
    const err = thrownBy(() => loadConfig({ configFile: file, env: {} }));
    const lines = err.problems.map((p) => `${p.location?.line}:${p.location?.col} ${p.message}`);
    expect(lines).to.include.members([
      '3:3 unknown key "allowedHost"; did you mean "allowedHosts"?',
      '6:1 unknown key "plugin"; did you mean "plugins"?',
    ]);
    expect(lines.some((l) => l.startsWith('4:20 ') && /responseTimeout must be a duration/.test(l))).to.equal(true, lines.join('\n'));
    expect(lines.some((l) => l.startsWith('5:28 ') && /verificationMode/.test(l))).to.equal(true, lines.join('\n'));
  });

  it('refuses a file nested deeper than 100 levels, directly or through aliases, naming the limit', () => {
    const direct = configFile(`networking:\n  proxyHeaders: ${'{a: '.repeat(2000)}1${'}'.repeat(2000)}\n`);
    const err = thrownBy(() => loadConfig({ configFile: direct, env: {} }));
    expect(err.code).to.equal('CONFIG_INVALID');
    expect(formatProblem(err.problems[0])).to.equal(`${direct}:2:409: the document nests deeper than 100 levels (the limit for a YAML file); flatten it`);
    const fifty = loadConfig({ configFile: configFile(`connectors:\n  - { id: a, name: a, type: x, config: ${'{a: '.repeat(50)}1${'}'.repeat(50)} }\n`), env: {} });
    expect(JSON.stringify(fifty.config.connectors[0].config)).to.equal(`${'{"a":'.repeat(50)}1${'}'.repeat(50)}`);

    let aliases = `a0: &a0 [${'['.repeat(60)}${']'.repeat(60)}]\n`;
    for (let i = 1; i < 5; i++) aliases += `a${i}: &a${i} ${'['.repeat(60)}*a${i - 1}${']'.repeat(60)}\n`;
    const viaAliases = thrownBy(() => loadConfig({ configFile: configFile(aliases), env: {} }));
    expect(viaAliases.problems[0].message).to.equal('the document nests deeper than 100 levels once its aliases are expanded (the limit for a YAML file); flatten it');
  });

  it('reports YAML syntax errors with their location', () => {
    const file = configFile('store: sqlite\nnetworking: [\n');
    const err = thrownBy(() => loadConfig({ configFile: file }));
    expect(err.problems[0].location?.file).to.equal(file);
    expect(err.problems[0].location?.line).to.be.greaterThan(1);
  });

  it('refuses a short encryption key and duplicate preconfigured connector names', () => {
    const file = configFile([
      'encryptionKey: tooshort',
      'connectors:',
      '  - { id: 5e0f8a1b-2c3d-4e5f-8a9b-0c1d2e3f4a5b, name: same, type: slack }',
      '  - { id: 6f1a9b2c-3d4e-4f5a-9b0c-1d2e3f4a5b6c, name: same, type: slack }',
    ].join('\n'));
    const err = thrownBy(() => loadConfig({ configFile: file }));
    const messages = err.problems.map((p) => `${p.location?.line}: ${p.message}`);
    expect(messages).to.include('1: encryptionKey must be at least 32 characters (got 8); generate one with: openssl rand -base64 32');
    expect(messages.some((m) => m.startsWith('4: connector name "same" is already used'))).to.equal(true);
  });

  it('accepts readable preconfigured ids (Kibana\'s my-slack1) and refuses other ids at FILE:LINE:COL', () => {
    const ok = loadConfig({
      configFile: configFile([
        'connectors:',
        '  - { id: d6b62e80-ff9b-11ee-8678-0f2b2c0c3c68, name: fine, type: slack }',
        '  - { id: my-slack1, name: ops, type: slack }',
      ].join('\n')),
    });
    expect(ok.config.connectors.map((c) => c.id)).to.deep.equal(['d6b62e80-ff9b-11ee-8678-0f2b2c0c3c68', 'my-slack1']);
    const file = configFile([
      'connectors:',
      '  - id: d6b62e80-ff9b-11ee-8678-0f2b2c0c3c68',
      '    name: fine',
      '    type: slack',
      '  - id: my.slack',
      '    name: ops',
      '    type: slack',
    ].join('\n'));
    const err = thrownBy(() => loadConfig({ configFile: file }));
    expect(err.code).to.equal('CONFIG_INVALID');
    expect(err.problems.map(formatProblem)).to.deep.equal([
      `${file}:5:9: connectors[1].id must be 1 to 100 letters, digits, "_" or "-" (got "my.slack"), e.g. my-slack1 or a UUID such as d6b62e80-ff9b-11ee-8678-0f2b2c0c3c68`,
    ]);
  });

  it('refuses a preconfigured connector named like another one\'s id', () => {
    const file = configFile([
      'connectors:',
      '  - { id: my-slack1, name: ops, type: slack }',
      '  - { id: other-id, name: my-slack1, type: slack }',
    ].join('\n'));
    const err = thrownBy(() => loadConfig({ configFile: file }));
    expect(err.problems.map(formatProblem)).to.deep.equal([
      `${file}:3:27: connector name "my-slack1" is the id of connectors[0]; a name may not equal another connector's id (connector-id would be ambiguous)`,
    ]);
  });

  it('locates an alias without an anchor, and refuses alias bombs, instead of crashing', () => {
    const alias = thrownBy(() => loadConfig({ configFile: configFile('store: sqlite\nencryptionKey: *nope\n') }));
    expect(alias.code).to.equal('CONFIG_INVALID');
    expect(alias.problems[0]).to.deep.include({ message: 'alias *nope refers to no anchor &nope defined before it' });
    expect(alias.problems[0].location?.line).to.equal(2);
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    const bomb = thrownBy(() => loadConfig({ configFile: configFile(lines.join('\n')) }));
    expect(bomb.code).to.equal('CONFIG_INVALID');
    expect(bomb.problems[0].message).to.match(/cannot be read/);
  });

  it('never repeats credentials of a store URL in its messages', () => {
    const err = thrownBy(() => loadConfig({ configFile: configFile('store: ${env:DB}\n'), env: { DB: 'mysql://admin:S3cretPassw0rd@db.internal/rf' } }));
    expect(err.problems[0].message).to.equal('store must be "sqlite" or a postgres:// URL (got "mysql://db.internal/rf")');
  });

  it('says when the file does not exist', () => {
    const err = thrownBy(() => loadConfig({ configFile: join(tempDir(), 'missing.yaml') }));
    expect(err.message).to.match(/cannot read config file .*missing\.yaml: no such file/);
  });

  it('validates a config object the same way, with field paths', () => {
    const err = thrownBy(() => loadConfig({ config: { networking: { allowedHosts: 'x' } }, env: {} }));
    expect(err.problems[0].path).to.equal('networking.allowedHosts');
  });

  it('gives each problem its code and its path as keys and indices', () => {
    const syntax = thrownBy(() => loadConfig({ configFile: configFile('store: [sqlite\n') }));
    expect(syntax.problems[0].code).to.equal('YAML_SYNTAX');
    const env = thrownBy(() => loadConfig({ configFile: configFile('encryptionKey: ${env:NOT_SET_ANYWHERE}\n'), env: {} }));
    expect(env.problems[0].code).to.equal('ENV_NOT_SET');
    const unknown = thrownBy(() => loadConfig({ configFile: configFile('networking:\n  allowedHost: ["*"]\n') }));
    expect(unknown.problems[0]).to.deep.include({ code: 'UNKNOWN_KEY', path: 'networking.allowedHost', fieldPath: ['networking', 'allowedHost'] });
    const duplicate = thrownBy(() => loadConfig({ configFile: configFile('connectors:\n  - { id: 6b0c4f8e-8a8e-4f5b-9a55-1a2b3c4d5e6f, name: a, type: slack }\n  - { id: 6b0c4f8e-8a8e-4f5b-9a55-1a2b3c4d5e6f, name: b, type: slack }\n') }));
    expect(duplicate.problems[0]).to.deep.include({ code: 'DUPLICATE_VALUE', fieldPath: ['connectors', 1, 'id'] });
    expect(duplicate.problems[0].location?.line).to.equal(3);
  });
});

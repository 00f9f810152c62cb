import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { thrownBy } from '../../../test/support/errors';
import { tempDir } from '../../../test/support/temp-dir';
import { formatProblem } from '../errors/format-problem';
import { loadConfig } from './config-loader';
import { parseRateLimit } from './relayflow-config';

function configFile(text: string): string {
  const file = join(tempDir(), 'relayflow.yaml');
  writeFileSync(file, text);
  return file;
}

describe('ServerSettings (relayflow.yaml server:)', () => {
  it('has the contract defaults when server is absent', () => {
    const { server } = loadConfig({ configFile: configFile('') }).config;
    expect(server).to.deep.include({ apiKeys: [], bodyLimit: '1mb', shutdownGrace: '30s', workerConcurrency: 8, authRateLimit: '20/min' });
    expect(server.host).to.equal(undefined);
    expect(server.port).to.equal(undefined);
  });

  it('reads host, port, every setting and API keys with ${env:...}', () => {
    const file = configFile([
      'server:',
      '  host: 0.0.0.0',
      '  port: 8080',
      '  apiKeys:',
      '    - { name: ci, key: "${env:RF_KEY}", scopes: [read, run, admin] }',
      '    - name: hooks',
      '      key: ${env:RF_HOOK_KEY}',
      '      scopes: [run]',
      '  bodyLimit: 256kb',
      '  shutdownGrace: 5s',
      '  workerConcurrency: 0',
      '  authRateLimit: 5/s',
    ].join('\n'));
    const { server } = loadConfig({ configFile: file, env: { RF_KEY: 'from-env-1234567890', RF_HOOK_KEY: 'hook-key-0987654321' } }).config;
    expect(server).to.deep.include({ host: '0.0.0.0', port: 8080, bodyLimit: '256kb', shutdownGrace: '5s', workerConcurrency: 0, authRateLimit: '5/s' });
    expect(server.apiKeys.map((k) => ({ ...k }))).to.deep.equal([
      { name: 'ci', key: 'from-env-1234567890', scopes: ['read', 'run', 'admin'] },
      { name: 'hooks', key: 'hook-key-0987654321', scopes: ['run'] },
    ]);
  });

  it('reports unknown keys and bad values at FILE:LINE:COL, never repeating a key', () => {
    const file = configFile([
      'server:',
      '  port: http',
      '  apiKeys:',
      '    - { name: ci, key: "sekret-value-1", scopes: [write], extra: 1 }',
      '    - { name: ci, key: "sekret-value-1", scopes: [read] }',
      '    - { name: "bad name", key: 7, scopes: [] }',
      '  bodyLimit: lots',
      '  shutdownGrace: soon',
      '  workerConcurrency: -1',
      '  authRateLimit: often',
      '  tls: true',
    ].join('\n'));
    const err = thrownBy(() => loadConfig({ configFile: file }));
    expect(err.code).to.equal('CONFIG_INVALID');
    const lines = err.problems.map(formatProblem);
    expect(lines.join('\n')).to.not.contain('sekret-value-1');
    const at = (line: number) => lines.filter((l) => l.startsWith(`${file}:${line}:`));
    expect(at(2).join()).to.contain('port');
    expect(at(4).join()).to.match(/scopes must be some of read, run, admin/).and.match(/unknown key "extra"/);
    expect(at(6).join()).to.contain('name must be 1-100 letters').and.contain('key must be a string').and.contain('scopes');
    expect(at(7).join()).to.contain('bodyLimit');
    expect(at(8).join()).to.contain('shutdownGrace');
    expect(at(9).join()).to.contain('workerConcurrency');
    expect(at(10).join()).to.contain('authRateLimit must be a count per period');
    expect(at(11).join()).to.contain('unknown key "tls"');
  });

  it('refuses two API keys with one name or one key, naming the other entry but not the key', () => {
    const file = configFile([
      'server:',
      '  apiKeys:',
      '    - { name: ci, key: "same-key-0123456789", scopes: [read] }',
      '    - { name: ci, key: "other-key-0123456789", scopes: [read] }',
      '    - { name: cd, key: "same-key-0123456789", scopes: [run] }',
      '  authRateLimit: 0/min',
    ].join('\n'));
    const lines = thrownBy(() => loadConfig({ configFile: file })).problems.map(formatProblem);
    expect(lines).to.deep.equal([
      `${file}:4:15: API key name "ci" is already used by server.apiKeys[0]; names must be unique`,
      `${file}:5:24: server.apiKeys[2].key is the same key as server.apiKeys[0]; give each entry its own key`,
      `${file}:6:18: server.authRateLimit must allow at least 1 failed authentication per period, e.g. 20/min`,
    ]);
  });

  describe('parseRateLimit', () => {
    it('reads a count per second, minute or hour', () => {
      expect(parseRateLimit('20/min')).to.deep.equal({ max: 20, windowMs: 60_000 });
      expect(parseRateLimit('5 / s')).to.deep.equal({ max: 5, windowMs: 1_000 });
      expect(parseRateLimit('100/hour')).to.deep.equal({ max: 100, windowMs: 3_600_000 });
      expect(parseRateLimit('0/min')).to.equal(undefined);
      expect(parseRateLimit('20 per minute')).to.equal(undefined);
    });
  });
});

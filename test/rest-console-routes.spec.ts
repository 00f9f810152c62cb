import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect } from 'chai';
import { definePlugin } from '@relayflow/sdk';
import { send } from './support/rest-server';
import { startRestServer, type RestHarness } from './support/rest-server';
import { tempDir } from './support/temp-dir';

const HELLO = `name: hello
triggers: [{ type: webhook }]
steps:
  - { name: greet, type: console, with: { message: "hello {{ event.who }}" } }
`;

/** A plugin contributing a small site at `/` (as @relayflow/console does). */
function sitePlugin(root: string) {
  return definePlugin({
    id: 'site', sdk: '^1.0.0',
    setup(ctx) { ctx.registerStaticAssets({ id: 'site', prefix: '/', root, immutable: ['assets'] }); },
  });
}

describe('REST server: static files and the routes clients such as the console use', () => {
  let api: RestHarness;
  let root: string;

  before(async () => {
    root = tempDir();
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>site</title>');
    const script = 'console.log("a hashed file");'.repeat(20);
    writeFileSync(join(root, 'assets', 'app-1a2b3c.js'), script);
    writeFileSync(join(root, 'assets', 'app-1a2b3c.js.gz'), gzipSync(script));
    writeFileSync(join(root, '.secret'), 'dot files are not served');
    api = await startRestServer({ plugins: ['@relayflow/plugin-http', sitePlugin(root)] });
  });

  after(() => api.close());

  describe('static files', () => {
    it('serves index.html at the prefix without a key, revalidated each time, with the page\'s security headers', async () => {
      const res = await api.call('GET', '/');
      expect(res.status).to.equal(200);
      expect(res.text).to.equal('<!doctype html><title>site</title>');
      expect(res.headers['content-type']).to.match(/^text\/html/);
      expect(res.headers['cache-control']).to.equal('no-cache');
      expect(res.headers['x-content-type-options']).to.equal('nosniff');
      expect(res.headers['content-security-policy']).to.include("script-src 'self'").and.include("frame-ancestors 'none'");
      const again = await api.call('GET', '/index.html', { headers: { 'if-none-match': String(res.headers.etag) } });
      expect(again.status).to.equal(304);
    });

    it('serves hashed files immutable, compressed when the browser takes gzip', async () => {
      const plain = await api.call('GET', '/assets/app-1a2b3c.js');
      expect(plain.status).to.equal(200);
      expect(plain.headers['cache-control']).to.equal('public, max-age=31536000, immutable');
      expect(plain.headers['content-encoding']).to.equal(undefined);
      const zipped = await api.call('GET', '/assets/app-1a2b3c.js', { headers: { 'accept-encoding': 'gzip' } });
      expect(zipped.headers['content-encoding']).to.equal('gzip');
      expect(Number(zipped.headers['content-length'])).to.be.lessThan(plain.text.length);
    });

    it('answers anything else as before: the API\'s 404 body, /api untouched, no dot files', async () => {
      for (const path of ['/nope.js', '/.secret', '/assets/app-1a2b3c.js.gz', '/api/nope']) {
        const res = await api.call('GET', path);
        expect(res.status, path).to.equal(404);
        expect(res.body.error.code, path).to.equal('ROUTE_NOT_FOUND');
      }
      expect((await api.call('GET', '/api/workflows')).status).to.equal(401);
    });

    it('is left out of the OpenAPI document', async () => {
      const doc = (await api.call('GET', '/api/openapi.json', { key: api.keys.read })).body;
      expect(Object.keys(doc.paths).filter((p) => !p.startsWith('/api/'))).to.deep.equal([]);
    });
  });

  describe('ETags', () => {
    it('tags every 200 GET and answers 304 with no body while it is unchanged', async () => {
      const first = await api.call('GET', '/api/workflows', { key: api.keys.read });
      const etag = String(first.headers.etag);
      expect(etag).to.match(/^W\/"[\w-]+"$/);
      const same = await api.call('GET', '/api/workflows', { key: api.keys.read, headers: { 'if-none-match': etag } });
      expect(same.status).to.equal(304);
      expect(same.text).to.equal('');
      await api.call('POST', '/api/workflows', { key: api.keys.admin, json: { yaml: HELLO } });
      const changed = await api.call('GET', '/api/workflows', { key: api.keys.read, headers: { 'if-none-match': etag } });
      expect(changed.status).to.equal(200);
      expect(changed.body.items.map((w: { id: string }) => w.id)).to.deep.equal(['hello']);
      await api.rf.workflows.delete('hello');
    });

    it('tags no POST and no error', async () => {
      const post = await api.call('POST', '/api/workflows/validate', { key: api.keys.read, json: { yaml: HELLO } });
      expect(post.headers.etag).to.equal(undefined);
      const missing = await api.call('GET', '/api/executions/nothing-here', { key: api.keys.read });
      expect(missing.status).to.equal(404);
      expect(missing.headers.etag).to.equal(undefined);
    });
  });

  describe('GET /api/me', () => {
    it("answers the presented key's name and scopes, for any valid key, never the key", async () => {
      for (const [name, scopes, key] of [['reader', ['read'], api.keys.read], ['runner', ['run'], api.keys.run], ['all', ['read', 'run', 'admin'], api.keys.all]] as const) {
        const res = await api.call('GET', '/api/me', { key });
        expect(res.status).to.equal(200);
        expect(res.body).to.deep.equal({ apiKey: { name, scopes } });
        expect(res.text).to.not.include(key);
      }
      expect((await api.call('GET', '/api/me')).status).to.equal(401);
      expect((await api.call('GET', '/api/me', { key: 'rfk_wrong' })).status).to.equal(401);
    });
  });

  describe('POST /api/workflows/validate', () => {
    it('answers every problem located, storing and running nothing', async () => {
      const bad = HELLO.replace('type: console', 'type: consolx').replace('triggers: [{ type: webhook }]', 'triggers: [{ type: webhok }]');
      const res = await api.call('POST', '/api/workflows/validate', { key: api.keys.read, json: { yaml: bad } });
      expect(res.status).to.equal(200);
      expect(res.body.valid).to.equal(false);
      expect(res.body.problems.map((p: { line: number; column: number; severity: string }) => [p.line, p.column, p.severity])).to.deep.equal([[2, 20], [4, 26]].map(([l, c]) => [l, c, 'error']));
      expect(res.body.problems[1].message).to.include('unknown step type "consolx"');
      expect((await api.call('GET', '/api/workflows', { key: api.keys.read })).body.items).to.deep.equal([]);
      expect((await api.call('GET', '/api/executions', { key: api.keys.read })).body.items).to.deep.equal([]);
    });

    it('answers valid: true for a valid workflow, and 400 for a body without yaml', async () => {
      const res = await api.call('POST', '/api/workflows/validate', { key: api.keys.read, json: { yaml: HELLO } });
      expect(res.body).to.deep.equal({ valid: true, problems: [] });
      const missing = await api.call('POST', '/api/workflows/validate', { key: api.keys.read, json: {} });
      expect(missing.status).to.equal(400);
      expect(missing.body.error.code).to.equal('VALIDATION_FAILED');
    });
  });

  describe('GET /api/workflow_schema', () => {
    it('is the JSON Schema relayflow schema prints, with the registered step types', async () => {
      const res = await api.call('GET', '/api/workflow_schema', { key: api.keys.read });
      expect(res.status).to.equal(200);
      expect(res.body.$schema).to.equal('http://json-schema.org/draft-07/schema#');
      expect(res.body.definitions.step.properties.type.enum).to.include.members(['console', 'http', 'http.request']);
    });
  });

  describe('POST /api/workflows/{id}/enable|disable', () => {
    it('flips the stored flag (admin), as relayflow workflows enable|disable', async () => {
      await api.call('POST', '/api/workflows', { key: api.keys.admin, json: { yaml: HELLO } });
      const off = await api.call('POST', '/api/workflows/hello/disable', { key: api.keys.admin });
      expect(off.status).to.equal(200);
      expect(off.body).to.include({ id: 'hello', enabled: false });
      expect(off.body).to.not.have.property('yaml');
      expect((await api.call('POST', '/api/hooks/hello', { key: api.keys.run, json: {} })).status).to.equal(404);
      const on = await api.call('POST', '/api/workflows/hello/enable', { key: api.keys.admin });
      expect(on.body.enabled).to.equal(true);
      expect((await api.call('POST', '/api/hooks/hello', { key: api.keys.run, json: {} })).status).to.equal(202);
      const unknown = await api.call('POST', '/api/workflows/nothing-here/enable', { key: api.keys.admin });
      expect(unknown.status).to.equal(404);
      expect(unknown.body.error.code).to.equal('WORKFLOW_NOT_FOUND');
      await api.rf.workflows.delete('hello');
    });
  });

  describe('GET /api/connector_types/{id}', () => {
    it("answers the type with the JSON Schemas of its config, secrets and actions' params", async () => {
      const res = await api.call('GET', '/api/connector_types/http', { key: api.keys.read });
      expect(res.status).to.equal(200);
      expect(res.body).to.include({ id: 'http', defaultAction: 'request' });
      expect(res.body.config.properties).to.have.property('url');
      expect(res.body.secrets.properties).to.include.keys('token', 'password');
      expect(res.body.actions.find((a: { id: string }) => a.id === 'request').params.properties).to.have.property('method');
    });

    it('answers 400 CONNECTOR_TYPE_NOT_FOUND naming the known types for an unknown one', async () => {
      const res = await api.call('GET', '/api/connector_types/nothing-here', { key: api.keys.read });
      expect(res.status).to.equal(400);
      expect(res.body.error.code).to.equal('CONNECTOR_TYPE_NOT_FOUND');
      expect(res.body.error.message).to.include('http');
    });
  });

  describe('GET /api/executions/{id}/input', () => {
    it('answers the YAML, event and inputs an execution started from', async () => {
      const run = await api.call('POST', '/api/workflows/run', { key: api.keys.admin, json: { yaml: HELLO, event: { who: 'input' }, wait: true } });
      const res = await api.call('GET', `/api/executions/${run.body.id}/input`, { key: api.keys.read });
      expect(res.status).to.equal(200);
      expect(res.body).to.deep.equal({ yaml: HELLO, event: { who: 'input' }, inputs: {} });
      expect((await api.call('GET', '/api/executions/nothing-here/input', { key: api.keys.read })).status).to.equal(404);
    });
  });

  it('serves no static files when no plugin contributes any', async () => {
    const bare = await startRestServer({ plugins: [] });
    try {
      const res = await send(bare.url, 'GET', '/');
      expect(res.status).to.equal(404);
      expect(res.body.error.code).to.equal('ROUTE_NOT_FOUND');
    } finally {
      await bare.close();
    }
  });
});

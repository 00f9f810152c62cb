import SwaggerParser from '@apidevtools/swagger-parser';
import { expect } from 'chai';
import { eventually, startHangingServer, type HangingServer } from './fixtures/workflows/servers';
import { startRestServer, type RestHarness } from './support/rest-server';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const probePlugin = require('./fixtures/workflows/plugins/probe');

type Scope = 'read' | 'run' | 'admin';

/** Every route of contract §9 but GET /api/health, with the scope it needs. */
const ROUTES: Array<{ method: string; path: string; scope: Scope }> = [
  { method: 'GET', path: '/api/openapi.json', scope: 'read' },
  { method: 'GET', path: '/api/connector_types', scope: 'read' },
  { method: 'GET', path: '/api/connectors', scope: 'read' },
  { method: 'POST', path: '/api/connectors', scope: 'admin' },
  { method: 'GET', path: '/api/connectors/{idOrName}', scope: 'read' },
  { method: 'PUT', path: '/api/connectors/{idOrName}', scope: 'admin' },
  { method: 'DELETE', path: '/api/connectors/{idOrName}', scope: 'admin' },
  { method: 'POST', path: '/api/connectors/{idOrName}/_execute', scope: 'admin' },
  { method: 'GET', path: '/api/workflows', scope: 'read' },
  { method: 'POST', path: '/api/workflows', scope: 'admin' },
  { method: 'GET', path: '/api/workflows/{id}', scope: 'read' },
  { method: 'PUT', path: '/api/workflows/{id}', scope: 'admin' },
  { method: 'DELETE', path: '/api/workflows/{id}', scope: 'admin' },
  { method: 'POST', path: '/api/workflows/{id}/run', scope: 'run' },
  { method: 'POST', path: '/api/workflows/run', scope: 'admin' },
  { method: 'POST', path: '/api/hooks/{workflowId}', scope: 'run' },
  { method: 'GET', path: '/api/executions', scope: 'read' },
  { method: 'GET', path: '/api/executions/{id}', scope: 'read' },
  { method: 'POST', path: '/api/executions/{id}/cancel', scope: 'run' },
  // Beside the contract's table, for clients such as the web console (test/rest-console-routes.spec.ts).
  { method: 'GET', path: '/api/connector_types/{id}', scope: 'read' },
  { method: 'POST', path: '/api/workflows/validate', scope: 'read' },
  { method: 'GET', path: '/api/workflow_schema', scope: 'read' },
  { method: 'POST', path: '/api/workflows/{id}/enable', scope: 'admin' },
  { method: 'POST', path: '/api/workflows/{id}/disable', scope: 'admin' },
  { method: 'GET', path: '/api/executions/{id}/input', scope: 'read' },
];

/** Waits until `check` resolves true (polling), or fails after `ms`. */
async function eventuallyAsync(check: () => Promise<boolean>, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const concrete = (path: string): string => path.replace(/\{[^}]+\}/g, 'nothing-here');

const GREET = `name: greet
triggers: [{ type: webhook }]
inputs: [{ name: who, type: string, default: world }]
steps:
  - { name: hello, type: console, with: { message: "hello {{ inputs.who }} {{ event.n }}" } }
`;

const MANUAL_ONLY = `name: manual-only
steps:
  - { name: hello, type: console, with: { message: hi } }
`;

describe('REST server (relayflow serve)', () => {
  let api: RestHarness;
  let hanging: HangingServer;

  const hangs = (version: string): string => `name: hangs
description: ${version}
triggers: [{ type: webhook }]
steps:
  - { name: call, type: probe, with: { url: "${hanging.url}/slow" } }
`;

  beforeEach(async () => {
    hanging = await startHangingServer();
    api = await startRestServer({ plugins: [probePlugin], server: { authRateLimit: { max: 1000, windowMs: 60_000 } } });
  });

  afterEach(async () => {
    await api.close();
    await hanging.close();
  });

  describe('GET /api/health', () => {
    it('answers {"status": "ok"} without a key, with a request id', async () => {
      const res = await api.call('GET', '/api/health');
      expect(res.status).to.equal(200);
      expect(res.body).to.deep.equal({ status: 'ok' });
      expect(res.headers['x-request-id']).to.be.a('string').and.not.equal('');
    });
  });

  describe('authentication', () => {
    for (const route of ROUTES) {
      it(`${route.method} ${route.path} needs a key with the "${route.scope}" scope`, async () => {
        const path = concrete(route.path);
        const body = route.method === 'GET' || route.method === 'DELETE' ? {} : { json: {} };
        const missing = await api.call(route.method, path, body);
        expect(missing.status, 'no key').to.equal(401);
        expect(missing.body.error.code).to.equal('UNAUTHORIZED');
        const wrong = await api.call(route.method, path, { ...body, key: 'rfk_not-a-key' });
        expect(wrong.status, 'wrong key').to.equal(401);
        expect(wrong.body.error.code).to.equal('UNAUTHORIZED');
        for (const scope of ['read', 'run', 'admin'] as const) {
          const res = await api.call(route.method, path, { ...body, key: api.keys[scope] });
          if (scope === route.scope) {
            expect(res.status, `${scope} key`).to.not.be.oneOf([401, 403]);
          } else {
            expect(res.status, `${scope} key`).to.equal(403);
            expect(res.body.error.code).to.equal('FORBIDDEN');
          }
        }
        const all = await api.call(route.method, path, { ...body, key: api.keys.all });
        expect(all.status, 'key with every scope').to.not.be.oneOf([401, 403]);
      });
    }

    it('refuses an Authorization header of another scheme', async () => {
      const res = await api.call('GET', '/api/workflows', { headers: { authorization: `Bearer ${api.keys.read}` } });
      expect(res.status).to.equal(401);
    });

    it('refuses a revoked key', async () => {
      const made = await api.rf.apiKeys.create({ name: 'short-lived', scopes: ['read'] });
      expect((await api.call('GET', '/api/workflows', { key: made.key })).status).to.equal(200);
      await api.rf.apiKeys.revoke('short-lived');
      await eventuallyAsync(async () => (await api.call('GET', '/api/workflows', { key: made.key })).status === 401, 5000);
    });
  });

  describe('failed authentications', () => {
    it('are limited per client address (429 RATE_LIMITED); a key that worked before still works, an unused right key is not even checked', async () => {
      const limited = await startRestServer({ server: { authRateLimit: { max: 3, windowMs: 60_000 } } });
      try {
        expect((await limited.call('GET', '/api/workflows', { key: limited.keys.read })).status).to.equal(200);
        const statuses = [];
        for (let i = 0; i < 5; i++) statuses.push((await limited.call('GET', '/api/workflows', { key: `wrong-${i}` })).status);
        expect(statuses).to.deep.equal([401, 401, 401, 429, 429]);
        const res = await limited.call('GET', '/api/workflows', { key: 'wrong-again' });
        expect(res.body.error.code).to.equal('RATE_LIMITED');
        expect(res.headers['retry-after']).to.match(/^\d+$/);
        expect((await limited.call('GET', '/api/workflows', { key: limited.keys.read })).status).to.equal(200);
        const unused = await limited.call('GET', '/api/workflows', { key: limited.keys.admin });
        expect(unused.status, 'a right key never used from this address is refused like a guess').to.equal(429);
      } finally {
        await limited.close();
      }
    });
  });

  describe('errors', () => {
    it('answers an unknown route 404 ROUTE_NOT_FOUND', async () => {
      const res = await api.call('GET', '/api/nothing', { key: api.keys.all });
      expect(res.status).to.equal(404);
      expect(res.body.error.code).to.equal('ROUTE_NOT_FOUND');
    });

    it('answers an empty id in the path 404 (it names nothing), not 400', async () => {
      for (const [method, path, code] of [
        ['GET', '/api/workflows/', 'WORKFLOW_NOT_FOUND'], ['POST', '/api/workflows//run', 'WORKFLOW_NOT_FOUND'], ['POST', '/api/hooks/', 'WORKFLOW_NOT_FOUND'],
        ['GET', '/api/executions/', 'EXECUTION_NOT_FOUND'], ['GET', '/api/connectors/', 'CONNECTOR_NOT_FOUND'],
      ] as const) {
        const res = await api.call(method, path, { key: api.keys.all, ...(method === 'POST' ? { json: {} } : {}) });
        expect([res.status, res.body.error.code], `${method} ${path}`).to.deep.equal([404, code]);
      }
    });

    it('answers a URL that does not decode 400 BAD_ARGUMENT', async () => {
      const res = await api.call('GET', '/api/connectors/%E0%A4%A', { key: api.keys.read });
      expect(res.status).to.equal(400);
      expect(res.body.error.code).to.equal('BAD_ARGUMENT');
    });

    it('answers a body that is not JSON 400 BAD_ARGUMENT', async () => {
      for (const headers of [{ 'content-type': 'application/json' }, { 'content-type': 'text/plain' }]) {
        const res = await api.call('POST', '/api/workflows', { key: api.keys.admin, raw: '{"yaml": ', headers });
        expect(res.status).to.equal(400);
        expect(res.body.error.code).to.equal('BAD_ARGUMENT');
        expect(res.body.error.message).to.match(/not JSON/);
      }
    });

    it('answers a body that breaks the route schema 400 VALIDATION_FAILED, naming the field', async () => {
      const res = await api.call('POST', '/api/workflows', { key: api.keys.admin, json: { yml: 'name: x' } });
      expect(res.status).to.equal(400);
      expect(res.body.error.code).to.equal('VALIDATION_FAILED');
      expect(res.body.error.message).to.include('yaml');
      expect(res.body.error.problems.map((p: { message: string }) => p.message).join('\n')).to.include('"yml"');
    });

    it('answers a body over the limit 413 BODY_TOO_LARGE', async () => {
      const small = await startRestServer({ server: { bodyLimit: 1024 } });
      try {
        const res = await small.call('POST', '/api/hooks/greet', { key: small.keys.run, json: { text: 'x'.repeat(2000) } });
        expect(res.status).to.equal(413);
        expect(res.body.error.code).to.equal('BODY_TOO_LARGE');
      } finally {
        await small.close();
      }
    });

    it('answers an unexpected failure 500 INTERNAL without its message or a stack trace', async () => {
      const broken = await startRestServer({ server: { authenticate: async () => { throw new Error('boom: /etc/secret-path at line 3'); } } });
      try {
        const res = await broken.call('GET', '/api/workflows', { key: 'anything' });
        expect(res.status).to.equal(500);
        expect(res.body.error.code).to.equal('INTERNAL');
        expect(res.text).to.not.match(/boom|secret-path|at .*\.ts/);
        expect(res.body.error.message).to.include(String(res.headers['x-request-id']));
      } finally {
        await broken.close();
      }
    });

    it('answers an invalid workflow 400 with every problem located by line and column', async () => {
      const yaml = 'name: bad\nsteps:\n  - { name: a, type: nope }\n  - { name: a, type: console, with: { message: hi }, colour: red }\n';
      const res = await api.call('POST', '/api/workflows', { key: api.keys.admin, json: { yaml } });
      expect(res.status).to.equal(400);
      expect(res.body.error.code).to.equal('WORKFLOW_INVALID');
      expect(res.body.error.problems.length).to.be.at.least(3);
      for (const p of res.body.error.problems) {
        expect(p.line, p.message).to.be.a('number');
        expect(p.column, p.message).to.be.a('number');
      }
      expect(res.body.error.problems.map((p: { line: number }) => p.line)).to.include.members([3, 4]);
    });
  });

  describe('connectors', () => {
    it('creates (also with connector_type_id), reads, updates and deletes; secrets are write-only', async () => {
      const created = await api.call('POST', '/api/connectors', {
        key: api.keys.admin,
        json: { connector_type_id: 'probe', name: 'stand-in', config: { url: hanging.url }, secrets: { token: 'tok-very-secret-123' } },
      });
      expect(created.status).to.equal(201);
      expect(created.body).to.include({ name: 'stand-in', type: 'probe', connector_type_id: 'probe', isPreconfigured: false });
      expect(created.text).to.not.include('tok-very-secret-123');
      const id = created.body.id;

      const got = await api.call('GET', `/api/connectors/${id}`, { key: api.keys.read });
      expect(got.body.config).to.deep.equal({ url: hanging.url });
      expect(got.text).to.not.include('tok-very-secret-123');
      expect((await api.call('GET', '/api/connectors/stand-in', { key: api.keys.read })).body.id).to.equal(id);
      expect((await api.call('GET', '/api/connectors', { key: api.keys.read })).body.map((c: { name: string }) => c.name)).to.deep.equal(['stand-in']);

      const updated = await api.call('PUT', '/api/connectors/stand-in', { key: api.keys.admin, json: { name: 'renamed', secrets: { token: 'tok-other-secret-456' } } });
      expect(updated.status).to.equal(200);
      expect(updated.body.name).to.equal('renamed');
      expect(updated.text).to.not.include('tok-other-secret-456');

      const taken = await api.call('POST', '/api/connectors', { key: api.keys.admin, json: { type: 'probe', name: 'renamed' } });
      expect(taken.status).to.equal(409);

      expect((await api.call('DELETE', '/api/connectors/renamed', { key: api.keys.admin })).status).to.equal(204);
      const gone = await api.call('GET', `/api/connectors/${id}`, { key: api.keys.read });
      expect(gone.status).to.equal(404);
      expect(gone.body.error.code).to.equal('CONNECTOR_NOT_FOUND');
    });

    it('refuses an unknown type 400 and a preconfigured connector\'s change 400', async () => {
      const unknown = await api.call('POST', '/api/connectors', { key: api.keys.admin, json: { type: 'no-such-type', name: 'x' } });
      expect(unknown.status).to.equal(400);
      expect(unknown.body.error.code).to.equal('CONNECTOR_TYPE_NOT_FOUND');
      const pre = await startRestServer({ plugins: [probePlugin], config: { connectors: [{ id: 'pre-probe', name: 'pre', type: 'probe', config: {} }] } });
      try {
        const del = await pre.call('DELETE', '/api/connectors/pre', { key: pre.keys.admin });
        expect(del.status).to.equal(400);
        expect(del.body.error.code).to.equal('CONNECTOR_READ_ONLY');
      } finally {
        await pre.close();
      }
    });

    it('runs an action with _execute: {params, action} and Kibana\'s subAction form; status "error" is a 200', async () => {
      await api.call('POST', '/api/connectors', { key: api.keys.admin, json: { type: 'probe', name: 'p' } });
      const echoed = await api.call('POST', '/api/connectors/p/_execute', { key: api.keys.admin, json: { action: 'echo', params: { text: 'hi', count: 2 } } });
      expect(echoed.status).to.equal(200);
      expect(echoed.body).to.deep.equal({ status: 'ok', data: { text: 'hi', count: 2 } });
      const kibana = await api.call('POST', '/api/connectors/p/_execute', { key: api.keys.admin, json: { params: { subAction: 'echo', subActionParams: { text: 'k' } } } });
      expect(kibana.body).to.deep.equal({ status: 'ok', data: { text: 'k' } });
      const top = await api.call('POST', '/api/connectors/p/_execute', { key: api.keys.admin, json: { subAction: 'echo', subActionParams: { text: 't' } } });
      expect(top.body).to.deep.equal({ status: 'ok', data: { text: 't' } });
      const failed = await api.call('POST', '/api/connectors/p/_execute', { key: api.keys.admin, json: { action: 'fail', params: { message: 'nope', retry: false } } });
      expect(failed.status).to.equal(200);
      expect(failed.body).to.deep.equal({ status: 'error', message: 'nope', retry: false });
      const invalid = await api.call('POST', '/api/connectors/p/_execute', { key: api.keys.admin, json: { action: 'echo', params: { count: 1 } } });
      expect(invalid.status).to.equal(400);
    });

    it('lists the connector types', async () => {
      const res = await api.call('GET', '/api/connector_types', { key: api.keys.read });
      expect(res.status).to.equal(200);
      expect(res.body.map((t: { id: string }) => t.id)).to.include('probe');
      expect(res.body.find((t: { id: string }) => t.id === 'probe')).to.include({ defaultAction: 'call', plugin: probePlugin.id });
    });
  });

  describe('workflows', () => {
    it('creates, lists, gets (with yaml), replaces (version + 1) and deletes', async () => {
      const created = await api.call('POST', '/api/workflows', { key: api.keys.admin, json: { yaml: GREET } });
      expect(created.status).to.equal(201);
      expect(created.body).to.include({ id: 'greet', name: 'greet', version: 1, enabled: true });
      expect(created.body.triggers).to.deep.equal([{ type: 'webhook' }]);
      expect(created.body.createdAt).to.be.a('string');
      expect(created.body).to.not.have.property('yaml');

      const again = await api.call('POST', '/api/workflows', { key: api.keys.admin, json: { yaml: GREET } });
      expect(again.status).to.equal(409);
      expect(again.body.error.code).to.equal('WORKFLOW_NAME_TAKEN');

      const list = await api.call('GET', '/api/workflows', { key: api.keys.read });
      expect(list.body.items.map((w: { id: string; version: number }) => [w.id, w.version])).to.deep.equal([['greet', 1]]);

      const got = await api.call('GET', '/api/workflows/greet', { key: api.keys.read });
      expect(got.body.yaml).to.equal(GREET);

      const replaced = await api.call('PUT', '/api/workflows/greet', { key: api.keys.admin, json: { yaml: GREET.replace('hello {{', 'hi {{') } });
      expect(replaced.status).to.equal(200);
      expect(replaced.body.version).to.equal(2);

      expect((await api.call('DELETE', '/api/workflows/greet', { key: api.keys.admin })).status).to.equal(204);
      const gone = await api.call('GET', '/api/workflows/greet', { key: api.keys.read });
      expect(gone.status).to.equal(404);
      expect(gone.body.error.code).to.equal('WORKFLOW_NOT_FOUND');
    });

    it('keeps a running execution on the version it started with when the workflow is replaced', async () => {
      await api.call('POST', '/api/workflows', { key: api.keys.admin, json: { yaml: hangs('first') } });
      const first = await api.call('POST', '/api/workflows/hangs/run', { key: api.keys.run, json: {} });
      expect(first.status).to.equal(202);
      await eventually(() => hanging.received === 1);
      const replaced = await api.call('PUT', '/api/workflows/hangs', { key: api.keys.admin, json: { yaml: hangs('second') } });
      expect(replaced.body.version).to.equal(2);
      const running = await api.call('GET', `/api/executions/${first.body.executionId}`, { key: api.keys.read });
      expect(running.body).to.include({ status: 'running', workflowVersion: 1 });
      const second = await api.call('POST', '/api/workflows/hangs/run', { key: api.keys.run, json: {} });
      await eventually(() => hanging.received === 2);
      expect((await api.call('GET', `/api/executions/${second.body.executionId}`, { key: api.keys.read })).body.workflowVersion).to.equal(2);
      for (const id of [first.body.executionId, second.body.executionId]) {
        expect((await api.call('POST', `/api/executions/${id}/cancel`, { key: api.keys.run })).status).to.equal(202);
      }
      await eventually(() => api.server.running === 0);
      expect((await api.call('GET', `/api/executions/${first.body.executionId}`, { key: api.keys.read })).body).to.include({ status: 'cancelled', workflowVersion: 1 });
    });
  });

  describe('runs', () => {
    it('runs a stored workflow: 202 {executionId}, or with wait: true 200 and the record', async () => {
      await api.call('POST', '/api/workflows', { key: api.keys.admin, json: { yaml: GREET } });
      const accepted = await api.call('POST', '/api/workflows/greet/run', { key: api.keys.run, json: { event: { n: 1 }, inputs: { who: 'ops' } } });
      expect(accepted.status).to.equal(202);
      expect(accepted.body).to.have.keys(['executionId']);
      const waited = await api.call('POST', '/api/workflows/greet/run', { key: api.keys.run, json: { event: { n: 2 }, inputs: { who: 'sec' }, wait: true } });
      expect(waited.status).to.equal(200);
      expect(waited.body).to.include({ status: 'completed', workflowVersion: 1 });
      expect(waited.body.trigger.type).to.equal('manual');
      expect(waited.body.steps[0].output).to.equal('hello sec 2');
      await eventually(() => api.server.running === 0);
      const record = await api.call('GET', `/api/executions/${accepted.body.executionId}`, { key: api.keys.read });
      expect(record.body.steps[0].output).to.equal('hello ops 1');
    });

    it('answers an undeclared or ill-typed input 400 before anything runs', async () => {
      await api.call('POST', '/api/workflows', { key: api.keys.admin, json: { yaml: GREET } });
      const undeclared = await api.call('POST', '/api/workflows/greet/run', { key: api.keys.run, json: { inputs: { whom: 'x' } } });
      expect(undeclared.status).to.equal(400);
      expect(undeclared.body.error.code).to.equal('BAD_ARGUMENT');
      const missing = await api.call('POST', '/api/workflows/nothing-here/run', { key: api.keys.run, json: {} });
      expect(missing.status).to.equal(404);
    });

    it('runs unsaved YAML with POST /api/workflows/run; a failed execution is a 200 record too', async () => {
      const ok = await api.call('POST', '/api/workflows/run', { key: api.keys.admin, json: { yaml: MANUAL_ONLY, wait: true } });
      expect(ok.status).to.equal(200);
      expect(ok.body).to.include({ status: 'completed' });
      expect(ok.body).to.not.have.property('workflowVersion');
      const failing = 'name: fails\nsteps:\n  - { name: f, type: probe.fail, with: { message: down, retry: false } }\n';
      const failed = await api.call('POST', '/api/workflows/run', { key: api.keys.admin, json: { yaml: failing, wait: true } });
      expect(failed.status).to.equal(200);
      expect(failed.body.status).to.equal('failed');
      const accepted = await api.call('POST', '/api/workflows/run', { key: api.keys.admin, json: { yaml: MANUAL_ONLY } });
      expect(accepted.status).to.equal(202);
      const invalid = await api.call('POST', '/api/workflows/run', { key: api.keys.admin, json: { yaml: 'name: x\nsteps: []\n' } });
      expect(invalid.status).to.equal(400);
      expect(invalid.body.error.code).to.equal('WORKFLOW_INVALID');
    });
  });

  describe('webhooks', () => {
    it('fires an enabled workflow with a webhook trigger: the body is the event', async () => {
      await api.call('POST', '/api/workflows', { key: api.keys.admin, json: { yaml: GREET } });
      const fired = await api.call('POST', '/api/hooks/greet', { key: api.keys.run, json: { n: 42 } });
      expect(fired.status).to.equal(202);
      const id = fired.body.executionId;
      await eventually(() => api.server.running === 0);
      const record = await api.call('GET', `/api/executions/${id}`, { key: api.keys.read });
      expect(record.body).to.include({ id, status: 'completed', workflowVersion: 1 });
      expect(record.body.trigger.type).to.equal('webhook');
      expect(Date.parse(record.body.trigger.at)).to.be.closeTo(Date.now(), 60_000);
      expect(record.body.steps[0].output).to.equal('hello world 42');
    });

    it('answers 404 for a workflow without a webhook trigger, a disabled one and an unknown one', async () => {
      await api.call('POST', '/api/workflows', { key: api.keys.admin, json: { yaml: MANUAL_ONLY } });
      await api.call('POST', '/api/workflows', { key: api.keys.admin, json: { yaml: GREET } });
      await api.rf.workflows.setEnabled('greet', false);
      for (const id of ['manual-only', 'greet', 'nothing-here']) {
        const res = await api.call('POST', `/api/hooks/${id}`, { key: api.keys.run, json: {} });
        expect(res.status, id).to.equal(404);
      }
      await api.rf.workflows.setEnabled('greet', true);
      expect((await api.call('POST', '/api/hooks/greet', { key: api.keys.run })).status).to.equal(202);
    });
  });

  describe('executions', () => {
    it('lists newest first with filters and cursor paging', async () => {
      await api.call('POST', '/api/workflows', { key: api.keys.admin, json: { yaml: GREET } });
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push((await api.call('POST', '/api/hooks/greet', { key: api.keys.run, json: { n: i } })).body.executionId);
      await api.call('POST', '/api/workflows/run', { key: api.keys.admin, json: { yaml: MANUAL_ONLY, wait: true } });
      await eventually(() => api.server.running === 0);

      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const res = await api.call('GET', `/api/executions?workflowId=greet&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { key: api.keys.read });
        expect(res.status).to.equal(200);
        expect(res.body.items.length).to.be.at.most(2);
        for (const item of res.body.items) {
          expect(item).to.include.keys(['id', 'workflow', 'status', 'startedAt', 'finishedAt', 'durationMs', 'trigger']);
          expect(item.workflow.id).to.equal('greet');
        }
        seen.push(...res.body.items.map((e: { id: string }) => e.id));
        cursor = res.body.nextCursor;
        pages++;
      } while (cursor && pages < 10);
      expect(pages).to.equal(3);
      expect(seen).to.deep.equal([...ids].reverse());

      const failedOnly = await api.call('GET', '/api/executions?status=failed', { key: api.keys.read });
      expect(failedOnly.body.items).to.deep.equal([]);
      expect(failedOnly.body).to.not.have.property('nextCursor');
      const bad = await api.call('GET', '/api/executions?status=sleeping', { key: api.keys.read });
      expect(bad.status).to.equal(400);
      expect((await api.call('GET', '/api/executions/nothing-here', { key: api.keys.read })).status).to.equal(404);
    });

    it('cancels a running execution: its in-flight request is aborted and the record ends cancelled', async () => {
      await api.call('POST', '/api/workflows', { key: api.keys.admin, json: { yaml: hangs('only') } });
      const fired = await api.call('POST', '/api/hooks/hangs', { key: api.keys.run, json: {} });
      await eventually(() => hanging.received === 1);
      const cancel = await api.call('POST', `/api/executions/${fired.body.executionId}/cancel`, { key: api.keys.run });
      expect(cancel.status).to.equal(202);
      await eventually(() => hanging.aborted === 1);
      await eventually(() => api.server.running === 0);
      const record = await api.call('GET', `/api/executions/${fired.body.executionId}`, { key: api.keys.read });
      expect(record.body.status).to.equal('cancelled');
      expect(record.body.steps[0].error.type).to.equal('Cancelled');
    });
  });

  describe('GET /api/openapi.json', () => {
    it('is an OpenAPI 3 document listing every route, with its schemas', async () => {
      const res = await api.call('GET', '/api/openapi.json', { key: api.keys.read });
      expect(res.status).to.equal(200);
      expect(res.body.openapi).to.match(/^3\./);
      const listed = Object.entries(res.body.paths as Record<string, Record<string, unknown>>)
        .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)).sort();
      const expected = [...ROUTES.map((r) => `${r.method} ${r.path}`), 'GET /api/health', 'GET /api/me'].sort();
      expect(listed).to.deep.equal(expected);
      const createConnector = res.body.paths['/api/connectors'].post;
      expect(createConnector.requestBody.content['application/json'].schema.properties).to.have.property('connector_type_id');
      expect(createConnector.security).to.deep.equal([{ ApiKey: [] }]);
      expect(res.body.paths['/api/health'].get.security).to.equal(undefined);
      // A valid OpenAPI 3.0 document, by an independent validator.
      await SwaggerParser.validate(structuredClone(res.body));
    });
  });

  describe('shutdown', () => {
    it('lets running executions finish within the grace, then refuses new requests', async () => {
      const slow = await startRestServer({ plugins: [probePlugin], server: { shutdownGraceMs: 5_000 } });
      try {
        const yaml = 'name: slow\nsteps:\n  - { name: w, type: wait, with: { duration: 300ms } }\n';
        const started = await slow.call('POST', '/api/workflows/run', { key: slow.keys.admin, json: { yaml } });
        const closing = slow.server.close();
        const during = await slow.call('GET', '/api/health').catch((err: NodeJS.ErrnoException) => ({ status: err.code }));
        expect(during.status).to.be.oneOf([503, 'ECONNREFUSED', 'ECONNRESET']);
        await closing;
        expect((await slow.rf.executions.get(started.body.executionId)).status).to.equal('completed');
      } finally {
        await slow.rf.stop();
      }
    });
  });
});

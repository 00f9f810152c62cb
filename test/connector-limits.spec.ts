import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestRelayflow, type TestRelayflow } from '@relayflow/sdk/testing';
import httpPlugin from '@relayflow/plugin-http';
import { ECHO_PLUGIN, runCli, type CliResult } from './support/cli';
import { startRestServer, type RestHarness } from './support/rest-server';
import { tempDir } from './support/temp-dir';
import { startCountingApi, type CountingApi } from './support/counting-api';

/** A workflow that calls the connector once per item, `delay` ms each (the stand-in waits that long). */
function fanOut(connector: string, items: number, options: { delay?: number; timeout?: string } = {}): string {
  return [
    `name: fan-out-${connector}`,
    'steps:',
    '  - name: call',
    '    type: http',
    `    connector-id: ${connector}`,
    `    foreach: "${JSON.stringify(Array.from({ length: items }, (_, i) => i)).replace(/"/g, '\\"')}"`,
    ...(options.timeout ? [`    timeout: ${options.timeout}`] : []),
    '    with:',
    '      path: "/item/{{ foreach.item }}"',
    `      query: { delay: "${options.delay ?? 50}" }`,
    '',
  ].join('\n');
}

describe('connector limits (contract §12), embedded store', function () {
  this.timeout(30_000);
  let api: CountingApi;
  let rf: TestRelayflow;

  before(async () => {
    api = await startCountingApi();
    rf = await createTestRelayflow({
      plugins: [httpPlugin],
      config: {
        networking: { allowedHosts: ['127.0.0.1'] },
        connectors: [{ id: 'one-at-a-time', name: 'one-at-a-time', type: 'http', config: { url: api.server.url }, limits: { concurrency: 1 } }],
      },
      connectors: [{ type: 'http', name: 'unlimited', config: { url: api.server.url } }],
    });
    await rf.relayflow.connectors.create({ type: 'http', name: 'two-at-a-time', config: { url: api.server.url }, limits: { concurrency: 2 } });
    await rf.relayflow.connectors.create({ type: 'http', name: 'five-a-second', config: { url: api.server.url }, limits: { rate: '5/s' } });
  });

  after(async () => {
    await rf.stop();
    await api.server.close();
  });

  beforeEach(() => api.reset());

  const runAll = async (yaml: string, runs: number): Promise<void> => {
    const records = await Promise.all(Array.from({ length: runs }, () => rf.runWorkflow(yaml)));
    for (const record of records) expect(record.status, JSON.stringify(record.error ?? record.steps.find((s) => s.error)?.error)).to.equal('completed');
  };

  it('without limits, three runs of a foreach of 10 http steps have more than 2 requests in flight (what the stand-in can see)', async () => {
    await runAll(fanOut('unlimited', 10), 3);
    expect(api.arrivals).to.have.length(30);
    expect(api.maxInFlight).to.be.greaterThan(2);
  });

  it('with concurrency 2, the same runs never have more than 2 requests in flight', async () => {
    await runAll(fanOut('two-at-a-time', 10), 3);
    expect(api.arrivals).to.have.length(30);
    expect(api.maxInFlight).to.equal(2);
  });

  it('with rate 5/s, 10 steps start about 200 ms apart: the last one 1.8 s after the run began', async () => {
    await runAll(fanOut('five-a-second', 10, { delay: 0 }), 1);
    const at = api.arrivals.map((a) => a.at);
    expect(at).to.have.length(10);
    // Starts are 200 ms apart at the limiter; arrivals at the stand-in add their own small delays.
    expect(at[9]).to.be.at.least(1790);
    for (let i = 1; i < at.length; i++) expect(at[i] - at[i - 1], `request ${i}`).to.be.at.least(150);
  });

  it('applies a preconfigured connector\'s limits from the config, to workflow steps and one-off actions alike', async () => {
    const runs = runAll(fanOut('one-at-a-time', 3), 2);
    const actions = Promise.all(Array.from({ length: 3 }, (_, i) => rf.runAction({ type: 'http', connector: 'one-at-a-time', params: { path: `/action/${i}`, query: { delay: '30' } } })));
    await runs;
    for (const result of await actions) expect(result.status).to.equal('ok');
    expect(api.arrivals).to.have.length(9);
    expect(api.maxInFlight).to.equal(1);
  });

  it('applies changed limits to the actions that start after the change', async () => {
    await rf.relayflow.connectors.update('two-at-a-time', { limits: { concurrency: 3 } });
    try {
      await runAll(fanOut('two-at-a-time', 10), 4);
      expect(api.maxInFlight).to.equal(3);
    } finally {
      await rf.relayflow.connectors.update('two-at-a-time', { limits: { concurrency: 2 } });
    }
  });

  it('fails a step whose timeout passes while it waits for its turn; its request is never sent', async () => {
    const slow = rf.runWorkflow(fanOut('one-at-a-time', 1, { delay: 1500 }));
    // The slow request holds the connector's one slot once the stand-in has it.
    while (api.arrivals.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    const waiting = await rf.runWorkflow(fanOut('one-at-a-time', 1, { timeout: '300ms' }));
    expect(waiting.status).to.equal('failed');
    expect(waiting.steps.find((s) => s.error)?.error?.type).to.match(/timeout/i);
    expect((await slow).status).to.equal('completed');
    expect(api.arrivals).to.have.length(1);
    // The slot is free again: the next run goes through at once.
    await runAll(fanOut('one-at-a-time', 1), 1);
    expect(api.arrivals).to.have.length(2);
  });
});

describe('relayflow connectors --limits (CLI)', function () {
  this.timeout(60_000);
  let cwd: string;
  const cli = (args: string[]): Promise<CliResult> => runCli(args, { cwd, env: { RELAYFLOW_ENCRYPTION_KEY: 'cli-limits-encryption-key-0123456789abcdef' } });
  const SECRETS = ['--secrets', '{"token":"echo-token-123456"}'];

  before(() => {
    cwd = tempDir();
    writeFileSync(join(cwd, 'relayflow.yaml'), [
      `plugins: ["${ECHO_PLUGIN}"]`,
      'connectors:',
      '  - { id: pre-limited, name: pre-limited, type: echo, secrets: { token: pre-token-123456 }, limits: { concurrency: 4, rate: 100/min } }',
      '',
    ].join('\n'));
  });

  it('creates a connector with --limits, shows them in list and get, replaces them and removes them with update', async () => {
    const created = await cli(['connectors', 'create', '--type', 'echo', '--name', 'limited', ...SECRETS, '--limits', '{"concurrency":2,"rate":"10/s"}']);
    expect(created.code, created.stderr).to.equal(0);
    expect(created.stdout).to.include('limits:        concurrency 2, rate 10/s');

    const list = await cli(['connectors', 'list']);
    expect(list.stdout).to.match(/LIMITS/).and.match(/limited\s+│\s+echo\s+│\s+no\s+│\s+concurrency 2, rate 10\/s/)
      .and.match(/pre-limited\s+│\s+echo\s+│\s+yes\s+│\s+concurrency 4, rate 100\/min/);
    const listed = JSON.parse((await cli(['connectors', 'list', '--json'])).stdout) as Array<{ name: string; limits?: object }>;
    expect(listed.map((c) => [c.name, c.limits])).to.deep.equal([['limited', { concurrency: 2, rate: '10/s' }], ['pre-limited', { concurrency: 4, rate: '100/min' }]]);

    const updated = await cli(['connectors', 'update', 'limited', '--limits', '{"rate":"5/10s"}', '--json']);
    expect(updated.code, updated.stderr).to.equal(0);
    expect(JSON.parse(updated.stdout).limits).to.deep.equal({ rate: '5/10s' });
    // Another update that does not name --limits keeps them.
    await cli(['connectors', 'update', 'limited', '--config', '{"prefix":"> "}']);
    expect(JSON.parse((await cli(['connectors', 'get', 'limited', '--json'])).stdout).limits).to.deep.equal({ rate: '5/10s' });

    for (const none of ['{}', 'null']) {
      await cli(['connectors', 'update', 'limited', '--limits', '{"concurrency":1}']);
      const cleared = await cli(['connectors', 'update', 'limited', '--limits', none]);
      expect(cleared.code, cleared.stderr).to.equal(0);
      expect(cleared.stdout).to.include('limits:        none');
      expect(JSON.parse((await cli(['connectors', 'get', 'limited', '--json'])).stdout)).to.not.have.property('limits');
    }

    const tested = await cli(['connectors', 'test', 'pre-limited', '--params', '{"message":"hi"}', '--json']);
    expect(tested.code, tested.stderr).to.equal(0);
  });

  it('refuses bad limits with exit code 2 and a message naming the field, storing nothing', async () => {
    const cases: Array<[string[], string]> = [
      [['--limits', '{"concurrency":0}'], 'error: limits.concurrency must be a whole number of at least 1: the most actions of the connector in flight at once (got 0)'],
      [['--limits', '{"rate":"10 per second"}'], 'error: limits.rate must be a count per period such as 10/s, 100/min, 1000/h or 5/10s'],
      [['--limits', '{"concurency":2}'], 'error: limits.concurency: unknown key "concurency"; expected one of: concurrency, rate'],
      [['--limits', '"10/s"'], 'error: --limits must be a JSON object such as {"concurrency": 2, "rate": "10/s"}, or {} to have none (got "10/s")'],
      [['--limits', '{concurrency:2}'], 'error: --limits is not valid JSON'],
    ];
    for (const [flags, message] of cases) {
      const res = await cli(['connectors', 'create', '--type', 'echo', '--name', 'bad', ...SECRETS, ...flags]);
      expect(res.code, `${flags.join(' ')}: ${res.stderr}`).to.equal(2);
      expect(res.stderr).to.include(message);
      expect(res.stderr).to.not.match(/^\s+at /m);
    }
    expect((await cli(['connectors', 'get', 'bad'])).code).to.equal(2);
    await cli(['connectors', 'create', '--type', 'echo', '--name', 'kept', ...SECRETS, '--limits', '{"concurrency":3}']);
    const refused = await cli(['connectors', 'update', 'kept', '--limits', '{"rate":"0/s"}']);
    expect(refused.code).to.equal(2);
    expect(refused.stderr).to.include('error: limits.rate must be a count per period');
    expect(JSON.parse((await cli(['connectors', 'get', 'kept', '--json'])).stdout).limits).to.deep.equal({ concurrency: 3 });
  });

  it('refuses bad limits of a preconfigured connector in relayflow.yaml with their line and column', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'relayflow.yaml'), [
      `plugins: ["${ECHO_PLUGIN}"]`,
      'connectors:',
      '  - id: pre-bad',
      '    name: pre-bad',
      '    type: echo',
      '    secrets: { token: pre-token-123456 }',
      '    limits:',
      '      rate: 5 a second',
      '',
    ].join('\n'));
    const res = await runCli(['connectors', 'list'], { cwd: dir, env: { RELAYFLOW_ENCRYPTION_KEY: 'cli-limits-encryption-key-0123456789abcdef' } });
    expect(res.code).to.equal(2);
    expect(res.stderr).to.match(/relayflow\.yaml:8:\d+: connectors\[0\]\.limits\.rate must be a count per period such as 10\/s/);
  });
});

describe('connector limits in the REST API', function () {
  this.timeout(30_000);
  let api: RestHarness;

  before(async () => {
    api = await startRestServer({ plugins: [httpPlugin], config: { encryptionKey: 'rest-limits-encryption-key-0123456789abc' } });
  });
  after(async () => api.close());

  it('creates, gets, lists and replaces a connector\'s limits; null or {} removes them', async () => {
    const created = await api.call('POST', '/api/connectors', { key: api.keys.admin, json: { type: 'http', name: 'limited', config: { url: 'http://127.0.0.1:9' }, limits: { concurrency: 2, rate: '10/s' } } });
    expect(created.status, created.text).to.equal(201);
    expect(created.body.limits).to.deep.equal({ concurrency: 2, rate: '10/s' });
    expect((await api.call('GET', '/api/connectors/limited', { key: api.keys.read })).body.limits).to.deep.equal({ concurrency: 2, rate: '10/s' });
    expect((await api.call('GET', '/api/connectors', { key: api.keys.read })).body[0].limits).to.deep.equal({ concurrency: 2, rate: '10/s' });

    const replaced = await api.call('PUT', '/api/connectors/limited', { key: api.keys.admin, json: { limits: { rate: '100/min' } } });
    expect(replaced.status, replaced.text).to.equal(200);
    expect(replaced.body.limits).to.deep.equal({ rate: '100/min' });
    const renamed = await api.call('PUT', '/api/connectors/limited', { key: api.keys.admin, json: { name: 'still-limited' } });
    expect(renamed.body.limits).to.deep.equal({ rate: '100/min' });

    for (const none of [null, {}]) {
      await api.call('PUT', '/api/connectors/still-limited', { key: api.keys.admin, json: { limits: { concurrency: 1 } } });
      const cleared = await api.call('PUT', '/api/connectors/still-limited', { key: api.keys.admin, json: { limits: none } });
      expect(cleared.status, cleared.text).to.equal(200);
      expect(cleared.body).to.not.have.property('limits');
      expect((await api.call('GET', '/api/connectors/still-limited', { key: api.keys.read })).body).to.not.have.property('limits');
    }
    const unlimited = await api.call('POST', '/api/connectors', { key: api.keys.admin, json: { type: 'http', name: 'unlimited', config: { url: 'http://127.0.0.1:9' } } });
    expect(unlimited.body).to.not.have.property('limits');
  });

  it('answers 400 naming the field for bad limits, and stores nothing', async () => {
    const bad = async (limits: unknown, method = 'POST', path = '/api/connectors') => {
      const res = await api.call(method, path, { key: api.keys.admin, json: { ...(method === 'POST' ? { type: 'http', name: 'bad' } : {}), limits } });
      expect(res.status, res.text).to.equal(400);
      expect(res.body.error.code).to.equal('VALIDATION_FAILED');
      return res.body.error.message as string;
    };
    expect(await bad({ rate: 'often' })).to.equal('connector "bad" is invalid: limits.rate must be a count per period such as 10/s, 100/min, 1000/h or 5/10s (5 per 10 seconds), with a period of at most 24h (got "often")');
    expect(await bad({ concurrency: 0 })).to.include('body.limits.concurrency must be >= 1');
    expect(await bad({ concurrency: 2, burst: 3 })).to.include('body.limits must NOT have additional properties "burst"');
    expect(await bad('10/s')).to.include('body.limits must be object');
    expect((await api.call('GET', '/api/connectors/bad', { key: api.keys.read })).status).to.equal(404);

    await api.call('POST', '/api/connectors', { key: api.keys.admin, json: { type: 'http', name: 'kept', config: { url: 'http://127.0.0.1:9' }, limits: { concurrency: 3 } } });
    expect(await bad({ rate: '5/0s' }, 'PUT', '/api/connectors/kept')).to.match(/^connector "kept" is invalid: limits\.rate must be/);
    expect((await api.call('GET', '/api/connectors/kept', { key: api.keys.read })).body.limits).to.deep.equal({ concurrency: 3 });
  });

  it('describes limits in the OpenAPI document', async () => {
    const doc = (await api.call('GET', '/api/openapi.json', { key: api.keys.read })).body;
    const post = doc.paths['/api/connectors'].post;
    const schema = post.requestBody.content['application/json'].schema;
    expect(schema.properties.limits.properties).to.have.keys('concurrency', 'rate');
    expect(post.responses['201'].content['application/json'].schema.properties.limits.properties).to.have.keys('concurrency', 'rate');
  });
});

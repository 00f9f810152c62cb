import { expect } from 'chai';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, type CliResult } from './support/cli';
import { startTestServer, type TestServer } from './support/test-server';
import { tempDir } from './support/temp-dir';

const KEY = 'secret-excerpts-test-encryption-key-012345';
/** The connector's bearer token: what the stand-in echoes back across the excerpt's 200-character cut. */
const TOKEN = 'Zq7vK2pX9mW4nR8sT1uY6bC3dF5gH0jL';

/** Every run of 4 or more characters of the secret that starts it: what a cut could leave behind. */
function leakedPrefix(text: string, secret: string): string | undefined {
  for (let n = secret.length; n >= 4; n--) if (text.includes(secret.slice(0, n))) return secret.slice(0, n);
  return undefined;
}

/**
 * Issue 17, item 3a: excerpts were cut to 200 characters before redaction, so a secret that a
 * service echoed across the cut left its first characters in the step's message and
 * serviceMessage, the CLI's output and the store.
 */
describe('a secret echoed across the 200-character excerpt cut (CLI)', function () {
  this.timeout(60_000);
  let echo: TestServer;
  let cwd: string;
  let dataDir: string;
  const cli = (args: string[]): Promise<CliResult> => runCli([...args, '--data-dir', dataDir], { cwd, env: { RELAYFLOW_ENCRYPTION_KEY: KEY } });

  before(async () => {
    // The stand-in repeats the Authorization header it got so that the token straddles the cut
    // at every offset a flattened excerpt could start from: as plain text and as a JSON reason.
    echo = await startTestServer((req, res) => {
      const token = String(req.headers.authorization ?? '').replace(/^Bearer /, '');
      const pad = 'x'.repeat(Number(req.query.pad ?? 190));
      if (req.path === '/json') {
        res.writeHead(422, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: `${pad}${token} was refused` }));
      } else {
        res.writeHead(400, { 'content-type': 'text/plain' });
        res.end(`${pad}${token} was refused`);
      }
    });
    cwd = tempDir();
    dataDir = join(cwd, 'data');
    writeFileSync(join(cwd, 'relayflow.yaml'), [
      'connectors:',
      '  - id: echo-api',
      '    name: echo-api',
      '    type: http',
      `    config: { url: "${echo.url}" }`,
      `    secrets: { token: "${TOKEN}" }`,
      '',
    ].join('\n'));
    const steps = [185, 190, 196, 199].flatMap((pad) => ['text', 'json'].map((kind) => [
      `  - name: ${kind}_${pad}`,
      '    type: http',
      '    connector-id: echo-api',
      '    on-failure: { continue: true }',
      `    with: { path: "/${kind}", query: { pad: ${pad} } }`,
    ].join('\n')));
    writeFileSync(join(cwd, 'echo.yaml'), ['name: echo-cut', 'steps:', ...steps, ''].join('\n'));
  });
  after(() => echo.close());

  it('redacts before cutting: messages, serviceMessages, the CLI output and the store hold none of its characters', async () => {
    const run = await cli(['run', 'echo.yaml', '--json']);
    expect(run.code, run.stderr).to.equal(0);
    const record = JSON.parse(run.stdout) as { id: string; steps: Array<{ name: string; error: { message: string } | null; output: unknown }> };
    expect(record.steps).to.have.length(8);
    for (const step of record.steps) {
      expect(step.error, step.name).to.not.equal(null);
      expect(step.error?.message, step.name).to.match(/failed: (400 Bad Request|422 Unprocessable Entity) — .{0,20}x{100}/);
    }
    expect(leakedPrefix(run.stdout + run.stderr, TOKEN), 'run --json').to.equal(undefined);

    const human = await cli(['run', 'echo.yaml']);
    expect(leakedPrefix(human.stdout + human.stderr, TOKEN), 'run').to.equal(undefined);
    const stored = await cli(['executions', 'get', record.id, '--json']);
    expect(stored.code, stored.stderr).to.equal(0);
    expect(leakedPrefix(stored.stdout, TOKEN), 'executions get').to.equal(undefined);
    for (const file of readdirSync(dataDir)) {
      expect(leakedPrefix(readFileSync(join(dataDir, file), 'latin1'), TOKEN), file).to.equal(undefined);
    }
  });

  it('connectors test prints message and serviceMessage without any of its characters', async () => {
    for (const pad of [188, 195, 199]) {
      for (const path of ['/text', '/json']) {
        const res = await cli(['connectors', 'test', 'echo-api', '--params', JSON.stringify({ path, query: { pad } }), '--json']);
        expect(res.code).to.equal(1);
        const result = JSON.parse(res.stdout) as { status: string; message: string; serviceMessage: string };
        expect(result.status).to.equal('error');
        expect(result.serviceMessage).to.match(/^x{180}/);
        expect(leakedPrefix(`${result.message}\n${result.serviceMessage}`, TOKEN), `${path} ${pad}`).to.equal(undefined);
        expect(leakedPrefix(res.stdout + res.stderr, TOKEN)).to.equal(undefined);
      }
    }
  });
});

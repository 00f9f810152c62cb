import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { startStandIn } from '@relayflow/sdk/testing';
import { casesDemoConnector, startCasesStandIn } from './stand-ins/cases';
import { startHttpStandIns } from './stand-ins/http';
import { startJiraStandIn } from './stand-ins/jira';
import { SLACK_DEMO_WEBHOOK_PATH, startSlackStandIn } from './stand-ins/slack';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'core', 'bin', 'relayflow.js');
const CONFIG = join(__dirname, 'relayflow.yaml');
const EVENT = join(__dirname, 'events', 'alert.json');
const WORKFLOWS = join(ROOT, 'examples', 'workflows');

/** The example workflows, in the order the demo runs them. */
const RUNS: Array<{ file: string; event?: string; inputs?: string[] }> = [
  { file: 'slack-notify.yaml', event: EVENT },
  { file: 'jira-create-ticket.yaml', event: EVENT },
  { file: 'jira-create-ticket-notify-slack.yaml', event: EVENT },
  { file: 'cases-open-and-comment.yaml', inputs: ['title=Suspicious login burst on web-01'] },
  { file: 'triage-alert.yaml', event: EVENT, inputs: ['team=blue-team'] },
  { file: 'http-call-secure-api.yaml' },
  { file: 'http-trigger-custom-automation.yaml', event: EVENT },
  { file: 'http-trigger-response-action.yaml', event: EVENT },
];

interface Outcome { file: string; code: number | null }

/** The demo's API key (relayflow.yaml lists it under server.apiKeys as ${env:DEMO_API_KEY}). */
const DEMO_API_KEY = 'rfk_demo-key-not-for-production-use';

/** Runs the demo; resolves to the process exit code. */
export async function main(): Promise<number> {
  const [slack, jira, cases, pagerduty] = await Promise.all([
    startSlackStandIn(), startJiraStandIn(), startCasesStandIn(),
    startStandIn({ 'POST /v2/enqueue': (req) => ({ status: 202, body: { status: 'success', message: 'Event processed', dedup_key: (req.json as { dedup_key?: string }).dedup_key } }) }),
  ]);
  const dataDir = mkdtempSync(join(tmpdir(), 'relayflow-demo-'));
  const http = await startHttpStandIns(dataDir);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...http.env,
    DEMO_ENCRYPTION_KEY: 'relayflow-demo-key-not-for-production-use',
    DEMO_SLACK_WEBHOOK_URL: `${slack.url}${SLACK_DEMO_WEBHOOK_PATH}`,
    DEMO_JIRA_URL: jira.url,
    DEMO_JIRA_TOKEN: 'demo-api-token',
    DEMO_PAGERDUTY_URL: pagerduty.url,
    DEMO_PAGERDUTY_ROUTING_KEY: 'DEMOROUTINGKEY000000000000000000',
    DEMO_API_KEY: DEMO_API_KEY,
  };
  const relayflow = (args: string[], quiet = false) => run(['--config', CONFIG, '--data-dir', dataDir, ...args], env, quiet);
  try {
    say(`Relayflow demo: stand-ins for Slack (${slack.url}), Jira (${jira.url}), a case system (${cases.url}) and PagerDuty (${pagerduty.url}); data dir ${dataDir}`);
    section('Installed plugins and connector types');
    await relayflow(['plugins', 'list']);

    section('A stored connector: created through the CLI, secrets encrypted in the store');
    const c = casesDemoConnector(cases);
    await relayflow(['connectors', 'create', '--type', c.type, '--name', c.name, '--config', JSON.stringify(c.config), '--secrets', JSON.stringify(c.secrets)], true);
    await relayflow(['connectors', 'list']);

    const outcomes: Outcome[] = [];
    for (const r of RUNS) {
      const file = join(WORKFLOWS, r.file);
      section(`relayflow run ${relative(ROOT, file)}`);
      const args = ['run', file];
      if (r.event) args.push('--event', r.event);
      for (const input of r.inputs ?? []) args.push('--input', input);
      outcomes.push({ file: r.file, code: await relayflow(args) });
    }

    section('What the stand-ins received');
    for (const m of slack.messages) say(`slack ${m.channel}: ${m.text}`);
    say(`jira: ${jira.requests.filter((q) => q.method === 'POST').length} POST requests (issues and comments)`);
    say(`case system: ${cases.requests.map((q) => `${q.method} ${q.path}`).join(', ')}`);
    for (const q of pagerduty.requests) say(`pagerduty: ${JSON.stringify(q.json)}`);
    for (const line of http.received()) say(line);

    section('relayflow executions list');
    await relayflow(['executions', 'list']);

    outcomes.push({ file: 'webhook-alert.yaml', code: await serverSection(['--config', CONFIG, '--data-dir', dataDir], env, slack.messages) });

    section('Summary');
    for (const o of outcomes) say(`${o.code === 0 ? 'completed' : `FAILED (exit ${o.code})`}  ${o.file}`);
    return outcomes.every((o) => o.code === 0) ? 0 : 1;
  } finally {
    await Promise.all([slack.close(), jira.close(), cases.close(), pagerduty.close(), http.close()]);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Runs the CLI as a user would, its output streamed to ours. */
function run(args: string[], env: NodeJS.ProcessEnv, quiet: boolean): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env, stdio: ['ignore', quiet ? 'ignore' : 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('close', resolve);
  });
}

function section(title: string): void {
  process.stdout.write(`\n── ${title} ${'─'.repeat(Math.max(0, 70 - title.length))}\n`);
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

/**
 * The server: `relayflow serve --port 0`, then what a newcomer would do with curl: store a
 * workflow with a webhook trigger, fire its webhook, and read the execution it made.
 * @returns 0 when the execution completed
 */
async function serverSection(globals: string[], env: NodeJS.ProcessEnv, slackMessages: Array<{ text?: string }>): Promise<number> {
  section('relayflow serve: store a workflow, fire its webhook, read the execution');
  const child = spawn(process.execPath, [CLI, ...globals, 'serve', '--port', '0'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let stderr = '';
      const timer = setTimeout(() => reject(new Error(`relayflow serve did not start:\n${stderr}`)), 20_000);
      child.stderr.on('data', (d) => {
        stderr += d;
        const m = /^listening on (http:\/\/\S+)$/m.exec(stderr);
        if (m) { clearTimeout(timer); resolve(m[1]); }
      });
      child.once('close', () => reject(new Error(`relayflow serve exited:\n${stderr}`)));
    });
    say(`$ npx relayflow --config examples/demo/relayflow.yaml serve --port 0\nlistening on ${url}`);
    const api = async (method: string, path: string, body?: unknown, shown?: string): Promise<any> => {
      say(`$ curl -X ${method} ${url}${path} -H "Authorization: ApiKey $KEY"${shown ? ` ${shown}` : ''}`);
      const res = await fetch(`${url}${path}`, {
        method, headers: { authorization: `ApiKey ${DEMO_API_KEY}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const json = res.status === 204 ? undefined : await res.json();
      return { status: res.status, json };
    };
    const yaml = readFileSync(join(WORKFLOWS, 'webhook-alert.yaml'), 'utf8');
    const stored = await api('POST', '/api/workflows', { yaml }, `-d '{"yaml": <examples/workflows/webhook-alert.yaml>}'`);
    say(`${stored.status} ${JSON.stringify(stored.json)}`);
    const event = JSON.parse(readFileSync(EVENT, 'utf8'));
    const fired = await api('POST', '/api/hooks/webhook-alert', event, '-d @examples/demo/events/alert.json');
    say(`${fired.status} ${JSON.stringify(fired.json)}`);
    let record: any;
    for (let i = 0; i < 200; i++) {
      record = (await fetch(`${url}/api/executions/${fired.json.executionId}`, { headers: { authorization: `ApiKey ${DEMO_API_KEY}` } }).then((r) => r.json()));
      if (record.status !== 'running') break;
      await new Promise((r) => setTimeout(r, 25));
    }
    await api('GET', `/api/executions/${fired.json.executionId}`);
    say(JSON.stringify(record, null, 2));
    const last = slackMessages[slackMessages.length - 1];
    if (last) say(`slack received: ${last.text}`);
    return record.status === 'completed' ? 0 : 1;
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
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

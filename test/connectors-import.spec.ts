import { expect } from 'chai';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startStandIn, type StandIn } from '@relayflow/sdk/testing';
import { ROOT, runCli, type CliResult } from './support/cli';
import { tempDir } from './support/temp-dir';

const KEY = 'kibana-import-test-key-0123456789abcdef';
const FIXTURE = join(__dirname, 'fixtures', 'kibana', 'connectors-export.ndjson');
const PLUGINS = ['http', 'slack', 'jira', 'cases-webhook'].map((p) => join(ROOT, 'plugins', p));
const WEBHOOK_PASSWORD = 'imp0rted-w3bhook-pass';
const SLACK_PATH = '/services/T0IMPORT/B0IMPORT/s3cretPath';
const FILE_SECRET = 'from-file-s3cret-4455';

/** One `action` saved object as Kibana's export writes it. */
function action(id: string, actionTypeId: string, name: string, config: unknown, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    attributes: { actionTypeId, config, isMissingSecrets: true, name, ...extra },
    coreMigrationVersion: '8.8.0', created_at: '2024-05-02T09:12:44.123Z', id, managed: false, references: [], type: 'action',
    typeMigrationVersion: '8.3.0', updated_at: '2024-05-02T09:12:44.123Z', version: 'WzEyLDFd',
  });
}
/** Every official Kibana connector type (stack and security connectors, Workflows' .http): the fixture holds one of each. */
const KIBANA_TYPES = [
  '.bedrock', '.cases-webhook', '.crowdstrike', '.d3security', '.email', '.gemini', '.gen-ai', '.http', '.index', '.inference', '.jira',
  '.jira-service-management', '.microsoft_defender_endpoint', '.opsgenie', '.pagerduty', '.resilient', '.sentinelone', '.server-log',
  '.servicenow', '.servicenow-itom', '.servicenow-sir', '.slack', '.slack_api', '.swimlane', '.teams', '.thehive', '.tines', '.torq',
  '.webhook', '.xmatters', '.xsoar',
];
/** The ones the official plugins read. */
const RELAYFLOW_HAS = ['.cases-webhook', '.http', '.jira', '.slack', '.slack_api', '.webhook'];
const SUMMARY = (n: number) => JSON.stringify({ excludedObjects: [], excludedObjectsCount: 0, exportedCount: n, missingRefCount: 0, missingReferences: [] });

describe('relayflow connectors import (a Kibana saved-objects export)', function () {
  this.timeout(60_000);
  let cwd: string;
  const cli = async (args: string[]): Promise<CliResult> => {
    const res = await runCli(args, { cwd, env: { RELAYFLOW_ENCRYPTION_KEY: KEY } });
    for (const secret of [WEBHOOK_PASSWORD, SLACK_PATH, FILE_SECRET, KEY]) expect(res.stdout + res.stderr, `relayflow ${args.join(' ')}`).to.not.include(secret);
    expect(res.stderr).to.not.match(/^\s+at /m);
    return res;
  };
  const listed = async (): Promise<Array<{ id: string; name: string; type: string; config: Record<string, unknown> }>> => JSON.parse((await cli(['connectors', 'list', '--json'])).stdout);

  beforeEach(() => {
    cwd = tempDir();
    writeFileSync(join(cwd, 'relayflow.yaml'), `plugins: ${JSON.stringify(PLUGINS)}\n`);
  });

  it('shows with --dry-run what it would do, storing nothing', async () => {
    const res = await cli(['connectors', 'import', FIXTURE, '--dry-run']);
    expect(res.code, res.stderr).to.equal(0);
    expect(res.stdout).to.match(/^Dry run: nothing is stored\. .*connectors-export\.ndjson: 33 connectors \(the export says 33 objects\)/);
    expect(res.stdout).to.match(/would create\s+│ ops-alerts\s+│ my-slack1\s+│ \.slack → slack\s+│ needs secrets: webhookUrl/);
    expect(res.stdout).to.match(/skipped\s+│ mail-oncall\s+│ [0-9a-f-]+\s+│ \.email\s+│ unknown connector type "\.email": Relayflow has no such type/);
    expect(res.stdout).to.include('8 would be created, 0 already there, 25 skipped (25 of a type Relayflow does not have).');
    expect(res.stdout).to.include("  relayflow connectors update 'SOC bot' --secrets '{\"token\":\"...\"}'");
    expect(await listed()).to.deep.equal([]);
  });

  it('creates every connector of a known type with its id, name, type and config, and lists the exact commands for the secrets', async () => {
    const res = await cli(['connectors', 'import', FIXTURE, '--json']);
    expect(res.code, res.stderr).to.equal(0);
    const report = JSON.parse(res.stdout);
    expect(report.connectors.slice(0, 10).map((c: Record<string, unknown>) => [c.name, c.kibanaType, c.type ?? null, c.status, c.missingSecrets ?? null])).to.deep.equal([
      ['ops-alerts', '.slack', 'slack', 'created', ['webhookUrl']],
      ['SOC bot', '.slack_api', 'slack_api', 'created', ['token']],
      ['engineering-project', '.jira', 'jira', 'created', ['email', 'apiToken']],
      ['alert-webhook', '.webhook', 'http', 'created', ['user', 'password']],
      ['security-response-api', '.http', 'http', 'created', null],
      ['per-step-http', '.http', 'http', 'created', null],
      ['roc-cases', '.cases-webhook', 'cases-webhook', 'created', ['user', 'password']],
      ['open-cases', '.cases-webhook', 'cases-webhook', 'created', null],
      ['mail-oncall', '.email', null, 'skipped', null],
      ['server-log', '.server-log', null, 'skipped', null],
    ]);
    expect(report.connectors.map((c: { setSecrets?: string }) => c.setSecrets).filter(Boolean)).to.deep.equal([
      `relayflow connectors update ops-alerts --secrets '{"webhookUrl":"..."}'`,
      `relayflow connectors update 'SOC bot' --secrets '{"token":"..."}'`,
      `relayflow connectors update engineering-project --secrets '{"email":"...","apiToken":"..."}'`,
      `relayflow connectors update alert-webhook --secrets '{"user":"...","password":"..."}'`,
      `relayflow connectors update roc-cases --secrets '{"user":"...","password":"..."}'`,
    ]);
    const connectors = await listed();
    expect(connectors.map((c) => [c.id, c.name, c.type]).sort()).to.deep.equal([
      ['1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d', 'alert-webhook', 'http'],
      ['3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f', 'roc-cases', 'cases-webhook'],
      ['5d0a7e4c-2f1b-4c9e-9a8d-3b6f1e2c4a51', 'SOC bot', 'slack_api'],
      ['7e8f9a0b-1c2d-4e3f-9a4b-5c6d7e8f9a0b', 'security-response-api', 'http'],
      ['9b2e6f1a-7c3d-4e8f-a1b2-c3d4e5f6a7b8', 'engineering-project', 'jira'],
      ['cases-no-auth', 'open-cases', 'cases-webhook'],
      ['http-per-step', 'per-step-http', 'http'],
      ['my-slack1', 'ops-alerts', 'slack'],
    ]);
    const byName = Object.fromEntries(connectors.map((c) => [c.name, c.config]));
    expect(byName['engineering-project']).to.deep.equal({ apiUrl: 'https://acme.atlassian.net', projectKey: 'ENG' });
    expect(byName['SOC bot']).to.deep.equal({ allowedChannels: [{ id: 'C0123456789', name: '#soc' }] });
    expect(byName['alert-webhook']).to.deep.include({ url: 'https://hooks.example.com/alerts', method: 'POST', authType: 'webhook-authentication-basic' });

    // Importing again changes nothing and is not an error.
    const again = await cli(['connectors', 'import', FIXTURE]);
    expect(again.code).to.equal(0);
    expect(again.stdout).to.include('0 created, 8 already there, 25 skipped');
  });

  it('reads every official Kibana type, and skips whole, with the reason, each one Relayflow has no type for', async () => {
    const lines = readFileSync(FIXTURE, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.at(-1)).to.deep.equal({ excludedObjects: [], excludedObjectsCount: 0, exportedCount: lines.length - 1, missingRefCount: 0, missingReferences: [] });
    expect([...new Set(lines.slice(0, -1).map((o) => o.attributes.actionTypeId))].sort()).to.deep.equal(KIBANA_TYPES);
    const res = await cli(['connectors', 'import', FIXTURE, '--json']);
    expect(res.code, res.stderr).to.equal(0);
    const report = JSON.parse(res.stdout);
    const unknown = report.connectors.filter((c: { kibanaType: string }) => !RELAYFLOW_HAS.includes(c.kibanaType));
    expect(unknown.map((c: { kibanaType: string }) => c.kibanaType).sort()).to.deep.equal(KIBANA_TYPES.filter((t) => !RELAYFLOW_HAS.includes(t)));
    for (const c of unknown) {
      expect(c, c.kibanaType).to.include({ status: 'skipped', unknownType: true });
      expect(c, c.kibanaType).to.not.have.any.keys('type', 'missingSecrets', 'setSecrets', 'warnings');
      expect(c.reason, c.kibanaType).to.match(new RegExp(`^unknown connector type "\\${c.kibanaType}": Relayflow has no such type \\(its types: cases-webhook, http, jira, slack, slack_api\\); not imported$`));
    }
    // Nothing of them is stored: neither their ids nor their names.
    const stored = await listed();
    expect(stored).to.have.length(report.connectors.length - unknown.length);
    const ids = new Set(stored.flatMap((c) => [c.id, c.name]));
    for (const c of unknown) expect(ids.has(c.id) || ids.has(c.name), c.kibanaType).to.equal(false);
  });

  it('says so when a loaded type has the name of an unknown Kibana type but does not read its settings', async () => {
    writeFileSync(join(cwd, 'relayflow.yaml'), `plugins: ${JSON.stringify([...PLUGINS, join(ROOT, 'examples', 'custom-connector')])}\n`);
    const file = join(cwd, 'pd.ndjson');
    writeFileSync(file, `${action('pd-1', '.pagerduty', 'pd', { apiUrl: 'https://events.pagerduty.com/v2/enqueue' })}\n${SUMMARY(1)}\n`);
    const report = JSON.parse((await cli(['connectors', 'import', file, '--json'])).stdout);
    expect(report.connectors[0]).to.include({ status: 'skipped', unknownType: true });
    expect(report.connectors[0].reason).to.equal('unknown connector type ".pagerduty": the loaded "pagerduty" type does not read Kibana\'s .pagerduty connectors (it does not declare .pagerduty as an alias), so their settings may not fit it; create the connector yourself with relayflow connectors create --type pagerduty; not imported');
    expect(await listed()).to.deep.equal([]);
  });

  it('makes a connector without its secrets refuse to run, naming the missing keys, until they are set', async () => {
    await cli(['connectors', 'import', FIXTURE]);
    const test = await cli(['connectors', 'test', 'engineering-project', '--action', 'issueTypes', '--params', '{}']);
    expect(test.code).to.equal(2);
    expect(test.stderr.trim()).to.equal(`error: connector "engineering-project" has no secrets yet (it was imported from a Kibana export, which carries none) and cannot run without secrets.email, secrets.apiToken; set them with: relayflow connectors update engineering-project --secrets '{"email":"...","apiToken":"..."}'`);
    // The command as printed, its "..." not filled in: said plainly, nothing changed.
    const asPrinted = await cli(['connectors', 'update', 'engineering-project', '--secrets', '{"email":"...","apiToken":"..."}']);
    expect(asPrinted.code).to.equal(2);
    expect(asPrinted.stderr).to.equal([
      'error: secrets.email is still "...": put the real value in its place (the import prints "..." where each secret goes)',
      'error: secrets.apiToken is still "...": put the real value in its place (the import prints "..." where each secret goes)', '',
    ].join('\n'));
    expect((await cli(['connectors', 'test', 'engineering-project', '--action', 'issueTypes', '--params', '{}'])).stderr).to.include('has no secrets yet');
    writeFileSync(join(cwd, 'wf.yaml'), 'name: uses-imported\nsteps:\n  - { name: post, type: slack, connector-id: ops-alerts, with: { message: hi } }\n');
    const run = await cli(['run', 'wf.yaml', '--json']);
    expect(run.code).to.equal(1);
    expect(JSON.parse(run.stdout).steps[0].error.message).to.include('cannot run without secrets.webhookUrl; set them with: relayflow connectors update ops-alerts');
    // Renaming before the secrets are set keeps the connector importable-complete later.
    const renamed = await cli(['connectors', 'update', 'ops-alerts', '--name', 'ops-alerts-2', '--json']);
    expect(renamed.code, renamed.stderr).to.equal(0);
    expect(JSON.parse(renamed.stdout).missingSecrets).to.deep.equal(['webhookUrl']);
  });

  it('runs an imported connector once its secrets are set, against the service', async () => {
    const hooks: StandIn = await startStandIn((req) => (req.path === SLACK_PATH ? { body: 'ok' } : { body: { received: true } }));
    try {
      const file = join(cwd, 'export.ndjson');
      writeFileSync(file, [
        action('my-slack1', '.slack', 'ops-alerts', {}),
        action('hook-1', '.webhook', 'alert-webhook', { url: `${hooks.url}/alerts`, method: 'post', headers: { 'Content-Type': 'application/json' }, hasAuth: true, authType: 'webhook-authentication-basic' }, { isMissingSecrets: false }),
        SUMMARY(2),
      ].join('\n'));
      expect((await cli(['connectors', 'import', file])).code).to.equal(0);
      expect((await cli(['connectors', 'update', 'ops-alerts', '--secrets', JSON.stringify({ webhookUrl: `${hooks.url}${SLACK_PATH}` })])).code).to.equal(0);
      expect((await cli(['connectors', 'update', 'alert-webhook', '--secrets', JSON.stringify({ user: 'elastic', password: WEBHOOK_PASSWORD })])).code).to.equal(0);
      writeFileSync(join(cwd, 'wf.yaml'), [
        'name: migrated', 'steps:',
        '  - { name: notify, type: slack, connector-id: my-slack1, with: { message: "from Kibana" } }',
        '  - { name: hook, type: http, connector-id: alert-webhook, with: { body: \'{"alert":"x"}\' } }', '',
      ].join('\n'));
      const run = await cli(['run', 'wf.yaml', '--json']);
      expect(run.code, run.stderr + run.stdout).to.equal(0);
      const [slack, hook] = hooks.requests;
      expect(slack).to.include({ method: 'POST', path: SLACK_PATH });
      expect(slack.json).to.deep.equal({ text: 'from Kibana' });
      expect(hook).to.include({ method: 'POST', path: '/alerts', body: '{"alert":"x"}' });
      expect(hook.headers.authorization).to.equal(`Basic ${Buffer.from(`elastic:${WEBHOOK_PASSWORD}`).toString('base64')}`);
    } finally {
      await hooks.close();
    }
  });

  it('skips, with the reason, what it cannot import whole, imports the rest, and exits 2', async () => {
    await cli(['connectors', 'create', '--type', 'http', '--name', 'taken-name', '--config', '{"url":"https://api.example.com"}']);
    const file = join(cwd, 'mixed.ndjson');
    writeFileSync(file, [
      action('ok-1', '.slack', 'fine', {}),
      action('bad-jira', '.jira', 'no-project', { apiUrl: 'https://acme.atlassian.net' }),
      action('bad id!', '.slack', 'weird-id', {}),
      action('clash', '.slack', 'taken-name', {}),
      action('ok-1', '.slack', 'same-id-again', {}),
      action('creds-nowhere', '.http', 'no-url-with-auth', { hasAuth: true, authType: 'webhook-authentication-basic', headers: null }),
      action('from-file', '.slack_api', 'with-secrets', {}, { secrets: { token: FILE_SECRET } }),
      action('left-over', '.cases-webhook', 'leftovers', JSON.parse(readFileSync(FIXTURE, 'utf8').split('\n')[7]).attributes.config, { secrets: { user: 'old-user', password: FILE_SECRET } }),
      JSON.stringify({ type: 'tag', id: 'tag-1', attributes: { name: 'security' } }),
      SUMMARY(9),
    ].join('\n'));
    const human = await cli(['connectors', 'import', file, '--dry-run']);
    expect(human.code).to.equal(2);
    expect(human.stdout).to.include('line 9: a "tag" saved object (tag-1), not a connector: skipped');
    expect(human.stdout).to.match(/would create\s+│ leftovers .*warning: secrets\.user: is ignored: hasAuth is false/);
    const res = await cli(['connectors', 'import', file, '--json']);
    expect(res.code).to.equal(2);
    const report = JSON.parse(res.stdout);
    const outcome = Object.fromEntries(report.connectors.map((c: { name: string; status: string; reason?: string }) => [c.name, `${c.status}${c.reason ? `: ${c.reason}` : ''}`]));
    expect(outcome).to.deep.equal({
      fine: 'created',
      'no-project': 'skipped: connector "no-project" is invalid: missing required key "projectKey"',
      'weird-id': 'skipped: connector id must be 1 to 100 letters, digits, "_" or "-" (got "bad id!"); leave it out to have a UUID generated',
      'taken-name': 'skipped: a connector named "taken-name" already exists (or "taken-name" is another connector\'s id); connector names are unique',
      'same-id-again': 'skipped: its id "ok-1" is already used by the connector on line 1; ids and names are unique, so only the first is imported',
      'no-url-with-auth': 'skipped: connector "no-url-with-auth" is invalid: config.allowedOrigins: the connector has credentials but no url: list the origins they may be sent to (e.g. ["https://api.example.com"]), or give it a url; without one of them its credentials would never be sent anywhere',
      'with-secrets': 'created',
      leftovers: 'created',
    });
    expect(report.connectors.find((c: { name: string }) => c.name === 'with-secrets').missingSecrets).to.equal(undefined);
    expect(report.connectors.find((c: { name: string }) => c.name === 'leftovers').warnings).to.have.length(2);
    expect(report.otherObjects).to.deep.equal([{ line: 9, type: 'tag', id: 'tag-1' }]);
    expect((await listed()).map((c) => c.name).sort()).to.deep.equal(['fine', 'leftovers', 'taken-name', 'with-secrets']);
  });

  it('prints a type\'s warnings on stderr when connectors create accepts settings it ignores', async () => {
    const config = JSON.parse(readFileSync(FIXTURE, 'utf8').split('\n')[7]).attributes.config;
    const res = await cli(['connectors', 'create', '--type', '.cases-webhook', '--name', 'kibana-cases', '--config', JSON.stringify(config),
      '--secrets', JSON.stringify({ user: 'old-user', password: FILE_SECRET }), '--json']);
    expect(res.code, res.stderr).to.equal(0);
    expect(res.stderr).to.equal([
      'warning: secrets.user: is ignored: hasAuth is false, so the connector sends no credentials; remove it (or set hasAuth: true to use it)',
      'warning: secrets.password: is ignored: hasAuth is false, so the connector sends no credentials; remove it (or set hasAuth: true to use it)', '',
    ].join('\n'));
    expect(JSON.parse(res.stdout).warnings).to.have.length(2);
  });

  it('refuses a file that is not an export with exit 2 and FILE:LINE:COL, importing nothing', async () => {
    const file = join(cwd, 'broken.ndjson');
    writeFileSync(file, `${action('a', '.slack', 'a', {})}\n{not json\n[1]\n`);
    const broken = await cli(['connectors', 'import', file]);
    expect(broken.code).to.equal(2);
    expect(broken.stderr).to.match(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:2:1: not a JSON object \\(`, 'm'));
    expect(broken.stderr).to.include(`${file}:3:1: not a JSON object; a Kibana export has one saved object per line`);
    expect(await listed()).to.deep.equal([]);
    const none = join(cwd, 'none.ndjson');
    writeFileSync(none, `${JSON.stringify({ type: 'dashboard', id: 'd1', attributes: {} })}\n${SUMMARY(1)}\n`);
    const empty = await cli(['connectors', 'import', none]);
    expect(empty.code).to.equal(2);
    expect(empty.stderr).to.include('holds no connectors ("type": "action" saved objects) (it holds 1 other saved object: dashboard)');
    const missing = await cli(['connectors', 'import', join(cwd, 'nope.ndjson')]);
    expect(missing.code).to.equal(2);
    expect(missing.stderr).to.match(/^error: cannot read .*nope\.ndjson: no such file$/m);
  });
});

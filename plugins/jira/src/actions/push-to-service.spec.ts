import { expect } from 'chai';
import { assertNoSecrets, CLOUD_AUTH, DC_AUTH, startHarness, type JiraHarness } from '../test-support/harness';
import { failure, okData as data, rejection } from '../test-support/results';
import type { PushResult } from './push-to-service';

const CREATEMETA = /^\/rest\/api\/2\/issue\/createmeta\/ENG\/issuetypes$/;
const SEED = {
  projectKey: 'ENG',
  issueType: 'Task',
  summary: "Automated Task: Review 'Suspicious login'",
  description: "Workflow 'triage' requires manual review for a potential issue.",
};

const okData = (result: unknown): PushResult => data<PushResult>(result);

describe('jira pushToService', () => {
  let h: JiraHarness;
  afterEach(async () => h?.stop());

  describe('auth modes', () => {
    it('sends basic auth with email + apiToken to Jira Cloud', async () => {
      h = await startHarness('cloud');
      const out = okData(await h.run(undefined, SEED));
      expect(out.key).to.equal('ENG-1');
      expect(h.jira.requests.length).to.be.greaterThan(0);
      for (const r of h.jira.requests) expect(r.headers.authorization).to.equal(CLOUD_AUTH);
    });

    it('sends the personal access token as a bearer token to Data Center', async () => {
      h = await startHarness('datacenter');
      const out = okData(await h.run('pushToService', SEED));
      expect(out.key).to.equal('ENG-1');
      for (const r of h.jira.requests) expect(r.headers.authorization).to.equal(DC_AUTH);
      // Data Center lists issue types under "values": the name still resolved.
      expect(h.jira.issues[0].fields.issuetype).to.deep.equal({ id: '10001' });
    });
  });

  describe('create', () => {
    it('creates from the flat (seed) form and returns id, key, browse url and Jira\'s created time', async () => {
      h = await startHarness();
      const out = okData(await h.run(undefined, SEED));
      expect(out).to.deep.equal({
        id: '10001', key: 'ENG-1', url: `${h.jira.url}/browse/ENG-1`, pushedDate: new Date(Date.parse(String(h.jira.issues[0].fields.created))).toISOString(), comments: [],
      });
      const post = h.jira.requests.find((r) => r.method === 'POST' && r.path === '/rest/api/2/issue');
      expect(post?.headers['content-type']).to.match(/application\/json/);
      expect(post?.json).to.deep.equal({
        fields: { summary: SEED.summary, project: { key: 'ENG' }, issuetype: { id: '10001' }, description: SEED.description },
      });
    });

    it('sends every optional field, collapses newlines in the summary, and lets otherFields win', async () => {
      h = await startHarness();
      okData(await h.run(undefined, { ...SEED, summary: 'EOL\r\n  alert \n\n on web-1 ', description: '', labels: ['sec', 'auto-created'] }));
      okData(await h.run(undefined, {
        issueType: 'sub-task', summary: 'child', labels: [], priority: 'High', parent: 'ENG-1',
        otherFields: { customfield_10020: { value: 'x' }, priority: { name: 'Low' } },
      }));
      const posts = h.jira.requests.filter((r) => r.method === 'POST' && r.path === '/rest/api/2/issue').map((r) => r.json);
      expect(posts[0]).to.deep.equal({ fields: { summary: 'EOL, alert, on web-1', project: { key: 'ENG' }, issuetype: { id: '10001' }, labels: ['sec', 'auto-created'] } });
      expect(posts[1]).to.deep.equal({
        fields: {
          summary: 'child', project: { key: 'ENG' }, issuetype: { id: '10005' }, labels: [], priority: { name: 'Low' }, parent: { key: 'ENG-1' },
          customfield_10020: { value: 'x' },
        },
      });
    });

    it('accepts Kibana\'s { incident, comments } form and the connector\'s project when projectKey is absent', async () => {
      h = await startHarness();
      const out = okData(await h.run(undefined, {
        incident: { summary: 'from kibana', issueType: '10002', labels: ['a'], priority: 'High' },
        comments: [{ comment: 'first', commentId: 'c-1' }],
      }));
      expect(out.key).to.equal('ENG-1');
      expect(out.comments).to.have.length(1);
      expect(out.comments[0]).to.include({ commentId: 'c-1', externalCommentId: h.jira.issues[0].comments[0].id });
      expect(h.jira.issues[0].fields).to.include({ summary: 'from kibana' });
      expect(h.jira.issues[0].fields.issuetype).to.deep.equal({ id: '10002' });
      // An id is used as is: no createmeta lookup.
      expect(h.jira.count('GET', CREATEMETA)).to.equal(0);
    });

    it('combines the forms: a field in one place is used, the same value in both is fine', async () => {
      h = await startHarness();
      okData(await h.run(undefined, { projectKey: 'ENG', issueType: 'Bug', incident: { summary: 'mixed', issueType: 'Bug' }, description: 'flat description' }));
      expect(h.jira.issues[0].fields).to.include({ summary: 'mixed', description: 'flat description' });
    });

    it('rejects a field given in both forms with different values, naming it', async () => {
      h = await startHarness();
      const err = await h.run(undefined, { summary: 'a', issueType: 'Task', incident: { summary: 'b' } }).then(() => undefined, (e: Error) => e);
      expect(err?.message).to.match(/incident: summary is given both at the top level and in incident/);
      expect(h.jira.requests).to.have.length(0);
    });

    it('rejects a create without summary, and labels with spaces, before calling Jira', async () => {
      h = await startHarness();
      const noSummary = await h.run(undefined, { issueType: 'Task' }).then(() => undefined, (e: Error) => e);
      expect(noSummary?.message).to.match(/summary/);
      const spaced = await h.run(undefined, { ...SEED, labels: ['ok', 'not ok'] }).then(() => undefined, (e: Error) => e);
      expect(spaced?.message).to.match(/labels: the label "not ok" cannot contain spaces/);
      const spacedIncident = await h.run(undefined, { incident: { ...SEED, projectKey: undefined, labels: ['a b'] } }).then(() => undefined, (e: Error) => e);
      expect(spacedIncident?.message).to.match(/incident\.labels: the label "a b" cannot contain spaces/);
      expect(h.jira.requests).to.have.length(0);
    });

    it('takes labels, otherFields and comments rendered as JSON text', async () => {
      h = await startHarness();
      okData(await h.run(undefined, { ...SEED, labels: '["x","y"]', otherFields: '{"customfield_1":"v"}', comments: '["one"]' }));
      expect(h.jira.issues[0].fields).to.deep.include({ labels: ['x', 'y'], customfield_1: 'v' });
      expect(h.jira.issues[0].comments.map((c) => c.body)).to.deep.equal(['one']);
    });
  });

  describe('issue type resolution', () => {
    it('resolves a name through createmeta, case-insensitively, and caches it per connector and project', async () => {
      h = await startHarness();
      okData(await h.run(undefined, SEED));
      okData(await h.run(undefined, { ...SEED, issueType: 'bug' }));
      expect(h.jira.count('GET', CREATEMETA)).to.equal(1);
      expect(h.jira.issues.map((i) => i.fields.issuetype)).to.deep.equal([{ id: '10001' }, { id: '10002' }]);
    });

    it('shares one createmeta request between concurrent pushes', async () => {
      h = await startHarness();
      const results = await Promise.all([h.run(undefined, SEED), h.run(undefined, SEED), h.run(undefined, SEED)]);
      results.forEach(okData);
      expect(h.jira.count('GET', CREATEMETA)).to.equal(1);
    });

    it('reads every createmeta page', async () => {
      h = await startHarness('datacenter', { pageSize: 2 });
      okData(await h.run(undefined, { ...SEED, issueType: 'Sub-task' }));
      expect(h.jira.count('GET', CREATEMETA)).to.equal(3);
      expect(h.jira.issues[0].fields.issuetype).to.deep.equal({ id: '10005' });
    });

    it('fails for an unknown name, listing the project\'s issue types, after one fresh lookup', async () => {
      h = await startHarness();
      okData(await h.run(undefined, SEED));
      const err = failure(await h.run(undefined, { ...SEED, issueType: 'Incident' }));
      expect(err.message).to.equal('issue type "Incident" does not exist in Jira project ENG; its issue types are: Task (10001), Bug (10002), Story (10003), Epic (10004), Sub-task (10005)');
      expect(err.retry).to.equal(false);
      expect(h.jira.count('GET', CREATEMETA)).to.equal(2);
      expect(h.jira.issues).to.have.length(1);
    });

    it('uses the projectKey param for both the lookup and the issue', async () => {
      h = await startHarness('cloud', { projects: { ENG: [{ id: '1', name: 'Task' }], OPS: [{ id: '2', name: 'Incident' }] } });
      const out = okData(await h.run(undefined, { ...SEED, projectKey: 'OPS', issueType: 'Incident' }));
      expect(out.key).to.equal('OPS-1');
      expect(h.jira.count('GET', /createmeta\/OPS\/issuetypes$/)).to.equal(1);
    });

    it('reports an unknown project with Jira\'s reason', async () => {
      h = await startHarness();
      const err = failure(await h.run(undefined, { ...SEED, projectKey: 'NOPE' }));
      expect(err.message).to.equal('Unable to get the issue types of project NOPE: Jira answered 404 Not Found. Reason: No project could be found with key \'NOPE\'.');
      expect(err.serviceMessage).to.equal('No project could be found with key \'NOPE\'.');
    });
  });

  describe('create without issueType (Kibana: the project\'s first issue type)', () => {
    it('creates with the first issue type from createmeta and says in the output which it was', async () => {
      h = await startHarness();
      const out = okData(await h.run(undefined, { summary: 'no type given', projectKey: 'ENG' }));
      expect(h.jira.count('GET', CREATEMETA)).to.equal(1);
      const post = h.jira.requests.find((r) => r.method === 'POST' && r.path === '/rest/api/2/issue');
      expect(post?.json).to.deep.equal({ fields: { summary: 'no type given', project: { key: 'ENG' }, issuetype: { id: '10001' } } });
      expect(out.issueType).to.deep.equal({ id: '10001', name: 'Task', defaulted: true });
      expect(out.warnings).to.deep.equal([
        'issueType was not given: ENG-1 was created as "Task" (10001), the first issue type of project ENG; give issueType to choose',
      ]);
      expect(h.logs.some((l) => l.level === 'warn' && l.message.includes('was created as "Task" (10001)'))).to.equal(true);
    });

    it('treats issueType null (Kibana\'s incident form) and "" (an empty template) as not given', async () => {
      h = await startHarness('datacenter', { projects: { ENG: [{ id: '3', name: 'Incident' }, { id: '1', name: 'Task' }] } });
      const fromKibana = okData(await h.run(undefined, { incident: { summary: 'kibana form', issueType: null, externalId: null }, comments: null }));
      const fromTemplate = okData(await h.run(undefined, { summary: 'template', issueType: '' }));
      expect([fromKibana.issueType, fromTemplate.issueType]).to.deep.equal([{ id: '3', name: 'Incident', defaulted: true }, { id: '3', name: 'Incident', defaulted: true }]);
      expect(h.jira.issues.map((i) => i.fields.issuetype)).to.deep.equal([{ id: '3' }, { id: '3' }]);
      // The project's types are looked up once and cached, as for a named type.
      expect(h.jira.count('GET', CREATEMETA)).to.equal(1);
    });

    it('adds nothing to the output when issueType is given, and never defaults on an update', async () => {
      h = await startHarness();
      const given = okData(await h.run(undefined, SEED));
      expect(given).to.not.have.any.keys('issueType', 'warnings');
      h.jira.requests.length = 0;
      const updated = okData(await h.run(undefined, { externalId: given.key, summary: 'renamed' }));
      expect(updated).to.not.have.any.keys('issueType', 'warnings');
      expect(h.jira.count('GET', CREATEMETA)).to.equal(0);
      expect(h.jira.requests.find((r) => r.method === 'PUT')?.json).to.deep.equal({ fields: { summary: 'renamed' } });
    });

    it('records the chosen issue type and the warning in the workflow step\'s output', async () => {
      h = await startHarness();
      const record = await h.rf.runWorkflow('name: w\nsteps:\n  - { name: open, type: jira, connector-id: eng, with: { summary: "from a workflow" } }\n');
      expect(record.status).to.equal('completed');
      const output = record.steps[0].output as PushResult;
      expect(output.issueType).to.deep.equal({ id: '10001', name: 'Task', defaulted: true });
      expect(output.warnings?.[0]).to.match(/^issueType was not given: ENG-1 was created as "Task" \(10001\)/);
      expect((await h.rf.relayflow.executions.get(record.id)).steps[0].output).to.deep.equal(output);
    });

    it('fails without creating anything when the project offers no issue type', async () => {
      h = await startHarness('cloud', { projects: { ENG: [] } });
      const err = failure(await h.run(undefined, { summary: 'x' }));
      expect(err.message).to.include('issueType was not given and Jira project ENG offers no issue types');
      expect(err.retry).to.equal(false);
      expect(h.jira.issues).to.have.length(0);
    });
  });

  describe('update', () => {
    it('updates the issue externalId names (by key or id) instead of creating one, sending only what was given', async () => {
      h = await startHarness();
      const created = okData(await h.run(undefined, SEED));
      const before = h.jira.requests.length;
      const byKey = okData(await h.run(undefined, { externalId: 'ENG-1', summary: 'renamed\nnow', priority: 'High' }));
      const byId = okData(await h.run(undefined, { incident: { externalId: created.id, description: 'new text', summary: '' } }));
      expect(h.jira.issues).to.have.length(1);
      const puts = h.jira.requests.slice(before).filter((r) => r.method === 'PUT');
      expect(puts.map((r) => [r.path, r.json])).to.deep.equal([
        ['/rest/api/2/issue/ENG-1', { fields: { summary: 'renamed, now', priority: { name: 'High' } } }],
        [`/rest/api/2/issue/${created.id}`, { fields: { description: 'new text' } }],
      ]);
      for (const out of [byKey, byId]) expect(out).to.include({ id: created.id, key: 'ENG-1', url: created.url });
      expect(byId.pushedDate).to.equal(new Date(Date.parse(String(h.jira.issues[0].fields.updated))).toISOString());
      expect(byId.pushedDate > created.pushedDate).to.equal(true);
    });

    it('treats an empty externalId (a template that rendered empty) as a create', async () => {
      h = await startHarness();
      okData(await h.run(undefined, { ...SEED, externalId: '' }));
      expect(h.jira.issues).to.have.length(1);
      expect(h.jira.requests.some((r) => r.method === 'PUT')).to.equal(false);
    });

    it('refuses an externalId of "." or "..", which a URL would resolve to another path, before sending anything', async () => {
      h = await startHarness();
      for (const externalId of ['.', '..']) {
        const err = await rejection(h.run(undefined, { ...SEED, externalId }));
        expect(err.code, externalId).to.equal('VALIDATION_FAILED');
        expect(err.message).to.include(`externalId "${externalId}" cannot be sent as a URL path segment`);
      }
      expect(h.jira.requests).to.deep.equal([]);
    });

    it('fails with Jira\'s reason when the issue does not exist', async () => {
      h = await startHarness();
      const err = failure(await h.run(undefined, { externalId: 'ENG-99', summary: 'x' }));
      expect(err.message).to.equal('Unable to update Jira issue ENG-99: Jira answered 404 Not Found. Reason: Issue does not exist or you do not have permission to see it.');
      expect(err.retry).to.equal(false);
    });
  });

  describe('comments', () => {
    it('adds comments in order after the create, skipping empty ones', async () => {
      h = await startHarness();
      const out = okData(await h.run(undefined, { ...SEED, comments: ['first', { comment: 'second', commentId: 7 }, '  ', 'third'] }));
      expect(h.jira.issues[0].comments.map((c) => c.body)).to.deep.equal(['first', 'second', 'third']);
      expect(out.comments.map((c) => c.externalCommentId)).to.deep.equal(h.jira.issues[0].comments.map((c) => c.id));
      expect(out.comments[1].commentId).to.equal('7');
      expect(out.comments[0]).to.not.have.property('commentId');
      const paths = h.jira.requests.filter((r) => r.method === 'POST').map((r) => r.path);
      expect(paths).to.deep.equal(['/rest/api/2/issue', '/rest/api/2/issue/ENG-1/comment', '/rest/api/2/issue/ENG-1/comment', '/rest/api/2/issue/ENG-1/comment']);
    });

    it('adds comments after an update, without a PUT when only comments are given', async () => {
      h = await startHarness();
      okData(await h.run(undefined, SEED));
      okData(await h.run(undefined, { externalId: 'ENG-1', comments: ['a', 'b'] }));
      expect(h.jira.requests.some((r) => r.method === 'PUT')).to.equal(false);
      expect(h.jira.issues[0].comments.map((c) => c.body)).to.deep.equal(['a', 'b']);
    });

    it('says which comment failed, that the issue exists, and does not ask for a retry that would duplicate it', async () => {
      h = await startHarness();
      h.jira.inject('POST', /\/comment$/, { status: 503, body: { errorMessages: ['Comment service unavailable'], errors: {} } }, { after: 1 });
      const err = failure(await h.run(undefined, { ...SEED, comments: ['one', 'two', 'three'] }));
      expect(err.message).to.equal(`issue ENG-1 (${h.jira.url}/browse/ENG-1) was created, but adding comment 2 of 3 failed (comments added: 1): Unable to add a comment to Jira issue ENG-1: Jira answered 503 Service Unavailable. Reason: Comment service unavailable`);
      expect(err.retry).to.equal(false);
      expect((err.details?.issue as PushResult).comments).to.have.length(1);
      expect(err.details?.issue).to.include({ key: 'ENG-1' });
      expect(h.jira.issues[0].comments.map((c) => c.body)).to.deep.equal(['one']);
    });
  });

  describe('errors', () => {
    it('carries Jira\'s field errors from "errors"', async () => {
      h = await startHarness();
      const err = failure(await h.run(undefined, { ...SEED, priority: 'Urgent', parent: 'ENG-404' }));
      expect(err.message).to.equal('Unable to create an issue in Jira project ENG: Jira answered 400 Bad Request. Reason: priority: Specify the Priority (name) in the string format; parent: Could not find issue by id or key.');
      expect(err.serviceMessage).to.equal('priority: Specify the Priority (name) in the string format; parent: Could not find issue by id or key.');
      expect(err.retry).to.equal(false);
    });

    it('joins errorMessages and errors when Jira sends both', async () => {
      h = await startHarness();
      h.jira.inject('POST', /^\/rest\/api\/2\/issue$/, { status: 400, body: { errorMessages: ['Epic Name is required.', 'Second.'], errors: { customfield_10011: 'Epic Name is required.' } } });
      const err = failure(await h.run(undefined, { ...SEED, issueType: 'Epic' }));
      expect(err.serviceMessage).to.equal('Epic Name is required.; Second.; customfield_10011: Epic Name is required.');
    });

    it('asks for a retry at Retry-After on 429', async () => {
      h = await startHarness();
      h.jira.inject('POST', /^\/rest\/api\/2\/issue$/, { status: 429, headers: { 'retry-after': '30' }, body: { errorMessages: ['Rate limit exceeded.'], errors: {} } });
      const before = Date.now();
      const err = failure(await h.run(undefined, SEED));
      expect(err.retry).to.be.instanceOf(Date);
      const at = (err.retry as Date).getTime();
      expect(at).to.be.within(before + 29_000, Date.now() + 31_000);
      expect(err.message).to.match(/^Unable to create an issue in Jira project ENG: Jira answered 429 Too Many Requests \(rate limited; retry after .+Z\)\. Reason: Rate limit exceeded\.$/);
    });

    it('asks for a plain retry on 429 without Retry-After and on 5xx; not on 4xx', async () => {
      h = await startHarness();
      h.jira.inject('GET', CREATEMETA, { status: 429, body: { errorMessages: ['slow down'], errors: {} } });
      expect(failure(await h.run(undefined, SEED)).retry).to.equal(true);
      h.jira.inject('GET', CREATEMETA, { status: 502, headers: { 'content-type': 'text/html' }, body: '<html>Bad gateway</html>' });
      const bad = failure(await h.run(undefined, SEED));
      expect(bad.retry).to.equal(true);
      expect(bad.message).to.equal('Unable to get the issue types of project ENG: Jira answered 502 Bad Gateway — <html>Bad gateway</html>');
      h.jira.inject('GET', CREATEMETA, { status: 403, body: { errorMessages: ['You do not have permission to create issues in this project.'], errors: {} } });
      expect(failure(await h.run(undefined, SEED)).retry).to.equal(false);
    });

    it('is retryable when Jira cannot be reached', async () => {
      h = await startHarness();
      await h.jira.close();
      const err = failure(await h.run(undefined, SEED));
      expect(err.retry).to.equal(true);
      expect(err.message).to.match(/^Unable to get the issue types of project ENG: request to .+ failed/);
    });

    it('honours the step\'s abort signal', async () => {
      h = await startHarness();
      h.jira.inject('GET', CREATEMETA, { delayMs: 2000, body: { issueTypes: [] } });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      const started = Date.now();
      const err = failure(await h.rf.runAction({ type: 'jira', connector: 'eng', params: SEED, signal: controller.signal }));
      expect(Date.now() - started).to.be.lessThan(1500);
      expect(err.retry).to.equal(false);
      expect(err.message).to.match(/aborted/);
    });

    it('never returns a credential, even when Jira echoes it back', async () => {
      for (const flavor of ['cloud', 'datacenter'] as const) {
        h = await startHarness(flavor);
        h.jira.standIn.handle((req) => ({
          status: 401,
          body: { errorMessages: [`bad credentials: ${req.headers.authorization}`], errors: { auth: Buffer.from(String(req.headers.authorization).split(' ')[1], 'base64').toString() } },
        }));
        const err = failure(await h.run(undefined, SEED));
        expect(err.message).to.match(/Jira answered 401 Unauthorized/);
        assertNoSecrets(err);
        await h.stop();
      }
      h = undefined as unknown as JiraHarness;
    });

    it('keeps credentials out of a failed workflow\'s record (returned and stored) and the logs', async () => {
      for (const flavor of ['cloud', 'datacenter'] as const) {
        h = await startHarness(flavor);
        h.jira.standIn.handle((req) => ({
          status: req.method === 'POST' ? 500 : 401,
          body: { errorMessages: [`rejected ${req.headers.authorization}`], errors: { auth: Buffer.from(String(req.headers.authorization).split(' ')[1], 'base64').toString() } },
        }));
        const record = await h.rf.runWorkflow(`
name: open-ticket
steps:
  - name: create_ticket
    type: jira
    connector-id: eng
    on-failure: { retry: { max-attempts: 2, delay: 10ms }, continue: true }
    with: { projectKey: ENG, issueType: "10001", summary: "Disk full", description: "d" }
  - name: read_ticket
    type: jira.getIncident
    connector-id: eng
    with: { externalId: ENG-1 }
`);
        expect(record.status, flavor).to.equal('failed');
        expect(record.steps.map((s) => [s.name, s.status, s.attempts])).to.deep.equal([['create_ticket', 'failed', 2], ['read_ticket', 'failed', 1]]);
        expect(record.steps[1].error?.message).to.match(/Jira answered 401 Unauthorized/);
        expect(record.steps[1].error?.message).to.include('[REDACTED]');
        // Jira did receive (and echo) the credentials: the record must not carry them.
        expect(h.jira.requests.every((r) => r.headers.authorization === (flavor === 'cloud' ? CLOUD_AUTH : DC_AUTH))).to.equal(true);
        assertNoSecrets(record);
        assertNoSecrets(await h.rf.relayflow.executions.get(record.id));
        expect(h.logs.length).to.be.greaterThan(0);
        assertNoSecrets(h.logs);
        await h.stop();
      }
      h = undefined as unknown as JiraHarness;
    });

    it('keeps credentials out of successful results', async () => {
      h = await startHarness();
      const out = await h.run(undefined, { ...SEED, comments: ['hi'] });
      assertNoSecrets(out);
    });

    it('keeps credentials out of the logs, debug lines included', async () => {
      h = await startHarness('datacenter');
      await h.run(undefined, { ...SEED, comments: ['hi'] });
      expect(h.logs.filter((l) => l.message.startsWith('jira POST'))).to.have.length.of.at.least(2);
      assertNoSecrets(h.logs);
    });
  });
});

import { expect } from 'chai';
import { assertNoSecrets, CLOUD_AUTH, DC_AUTH, startHarness, type JiraHarness } from '../test-support/harness';
import { failure, okData as data, rejection } from '../test-support/results';
import { commonFields } from './read-actions';

const TASK = { projectKey: 'ENG', issueType: 'Task' };

describe('jira read actions', () => {
  let h: JiraHarness;
  afterEach(async () => h?.stop());

  describe('getIncident', () => {
    it('returns id, key, url and every field of the issue', async () => {
      h = await startHarness();
      await h.run(undefined, { ...TASK, summary: 'first', description: 'd', labels: ['x'] });
      const out = data(await h.run('getIncident', { externalId: 'ENG-1' }));
      expect(out).to.include({ id: '10001', key: 'ENG-1', url: `${h.jira.url}/browse/ENG-1`, summary: 'first', description: 'd' });
      expect(out.labels).to.deep.equal(['x']);
      expect(out.created).to.be.a('string');
      expect(data(await h.run('getIncident', { externalId: 10001 })).key).to.equal('ENG-1');
    });

    it('fails with Jira\'s reason for a missing issue', async () => {
      h = await startHarness();
      const err = failure(await h.run('getIncident', { externalId: 'ENG-7' }));
      expect(err.message).to.equal('Unable to get Jira issue ENG-7: Jira answered 404 Not Found. Reason: Issue does not exist or you do not have permission to see it.');
    });

    it('encodes the id in the path', async () => {
      h = await startHarness();
      failure(await h.run('getIncident', { externalId: '../../myself?x=1' }));
      expect(h.jira.requests[0].path).to.equal('/rest/api/2/issue/..%2F..%2Fmyself%3Fx%3D1');
    });

    it('refuses the ids "." and "..", which a URL would resolve to another path, sending nothing', async () => {
      h = await startHarness();
      for (const externalId of ['.', '..']) {
        const err = await rejection(h.run('getIncident', { externalId }));
        expect(err.code, externalId).to.equal('VALIDATION_FAILED');
        expect(err.message).to.include(`issue id or key "${externalId}" cannot be sent as a URL path segment`);
      }
      expect(h.jira.requests).to.deep.equal([]);
    });
  });

  describe('issue', () => {
    it('returns id, key and title, asking Jira for the summary only', async () => {
      h = await startHarness();
      await h.run(undefined, { ...TASK, summary: 'only this' });
      expect(data(await h.run('issue', { id: 'ENG-1' }))).to.deep.equal({ id: '10001', key: 'ENG-1', title: 'only this' });
      expect(h.jira.requests.at(-1)?.query).to.deep.equal({ fields: 'summary' });
    });
  });

  describe('issueTypes', () => {
    it('lists { id, name } from Cloud\'s issueTypes, always fresh', async () => {
      h = await startHarness('cloud');
      const types = data(await h.run('issueTypes', {}));
      expect(types).to.deep.equal([
        { id: '10001', name: 'Task' }, { id: '10002', name: 'Bug' }, { id: '10003', name: 'Story' }, { id: '10004', name: 'Epic' }, { id: '10005', name: 'Sub-task' },
      ]);
      await h.run('issueTypes', {});
      expect(h.jira.count('GET', /createmeta\/ENG\/issuetypes$/)).to.equal(2);
    });

    it('lists from Data Center\'s paged values, for the project given', async () => {
      h = await startHarness('datacenter', { pageSize: 1, projects: { ENG: [], OPS: [{ id: '1', name: 'Incident' }, { id: '2', name: 'Problem' }] } });
      expect(data(await h.run('issueTypes', { projectKey: 'OPS' }))).to.deep.equal([{ id: '1', name: 'Incident' }, { id: '2', name: 'Problem' }]);
      expect(h.jira.requests.map((r) => r.query.startAt)).to.deep.equal(['0', '1']);
      for (const r of h.jira.requests) expect(r.headers.authorization).to.equal(DC_AUTH);
    });

    it('refreshes the cache pushToService uses', async () => {
      h = await startHarness();
      await h.run('issueTypes', {});
      await h.run(undefined, { ...TASK, summary: 's' });
      expect(h.jira.count('GET', /createmeta\/ENG\/issuetypes$/)).to.equal(1);
    });
  });

  describe('fieldsByIssueType', () => {
    it('returns the fields of an issue type given by id, keyed by field id', async () => {
      h = await startHarness();
      const fields = data(await h.run('fieldsByIssueType', { id: '10004' }));
      expect(Object.keys(fields)).to.deep.equal(['summary', 'issuetype', 'description', 'priority', 'labels', 'customfield_10011']);
      expect(fields.priority).to.deep.equal({
        name: 'Priority', required: false, schema: { type: 'priority' }, allowedValues: [{ name: 'High' }, { name: 'Low' }], defaultValue: { name: 'Medium' },
      });
      expect(fields.customfield_10011).to.include({ name: 'Epic Name', required: true });
      expect(fields.description).to.deep.include({ allowedValues: [], defaultValue: null });
    });

    it('accepts an issue type name, in either deployment\'s shape', async () => {
      for (const flavor of ['cloud', 'datacenter'] as const) {
        h = await startHarness(flavor, { pageSize: 2 });
        const fields = data(await h.run('fieldsByIssueType', { id: 'Sub-task' }));
        expect(Object.keys(fields)).to.include('parent');
        expect(h.jira.count('GET', /issuetypes\/10005$/)).to.equal(3);
        await h.stop();
      }
      h = undefined as unknown as JiraHarness;
    });

    it('lists the valid issue types for an unknown name', async () => {
      h = await startHarness();
      const err = failure(await h.run('fieldsByIssueType', { id: 'Bogus' }));
      expect(err.message).to.match(/^issue type "Bogus" does not exist in Jira project ENG; its issue types are: Task \(10001\), Bug \(10002\)/);
    });
  });

  describe('getFields', () => {
    it('returns the fields every issue type has', async () => {
      h = await startHarness();
      const fields = data(await h.run('getFields', {}));
      expect(Object.keys(fields)).to.deep.equal(['summary', 'issuetype', 'description', 'priority', 'labels']);
      expect(h.jira.count('GET', /issuetypes\/\d+$/)).to.equal(5);
    });

    it('fails with the first failing issue type\'s reason', async () => {
      h = await startHarness();
      h.jira.inject('GET', /issuetypes\/10003$/, { status: 500, body: { errorMessages: ['boom'], errors: {} } });
      const err = failure(await h.run('getFields', {}));
      expect(err.message).to.equal('Unable to get the fields of issue type Story (10003) in project ENG: Jira answered 500 Internal Server Error. Reason: boom');
      expect(err.retry).to.equal(true);
    });

    it('is empty for a project without issue types', () => {
      expect(commonFields([])).to.deep.equal({});
    });
  });

  describe('issues', () => {
    it('searches Jira Cloud\'s /search/jql and returns { id, key, title }', async () => {
      h = await startHarness('cloud');
      await h.run(undefined, { ...TASK, summary: 'Disk full on web-1' });
      await h.run(undefined, { ...TASK, summary: 'CPU high' });
      expect(data(await h.run('issues', { title: 'disk full' }))).to.deep.equal([{ id: '10001', key: 'ENG-1', title: 'Disk full on web-1' }]);
      const search = h.jira.requests.at(-1)!;
      expect(search.path).to.equal('/rest/api/2/search/jql');
      expect(search.query).to.deep.equal({ jql: 'project = "ENG" AND summary ~ "disk full"', fields: 'summary' });
      expect(search.headers.authorization).to.equal(CLOUD_AUTH);
    });

    it('searches Data Center\'s /search with maxResults', async () => {
      h = await startHarness('datacenter');
      for (const s of ['alpha one', 'alpha two', 'alpha three']) await h.run(undefined, { ...TASK, summary: s });
      expect(data<unknown[]>(await h.run('issues', { title: 'alpha', maxResults: 2 }))).to.have.length(2);
      expect(h.jira.requests.at(-1)?.path).to.equal('/rest/api/2/search');
    });

    it('finds summaries full of JQL and Lucene syntax, losing no character', async () => {
      h = await startHarness();
      const nasty = `[SEC] "quoted" it's a+b-c && d || !e (f) {g} ^h ~i *j ?k :l \\m /n`;
      await h.run(undefined, { ...TASK, summary: nasty });
      await h.run(undefined, { ...TASK, summary: 'its ab' });
      const hits = data<Array<{ key: string }>>(await h.run('issues', { title: nasty }));
      expect(hits.map((i) => i.key)).to.deep.equal(['ENG-1']);
      // An apostrophe is kept (Kibana turned it into a backslash).
      expect(data<unknown[]>(await h.run('issues', { title: "it's" }))).to.have.length(1);
      expect(data<unknown[]>(await h.run('issues', { title: 'project = "ENG" OR summary ~ "x"' }))).to.have.length(0);
    });

    it('quotes the project key', async () => {
      h = await startHarness('cloud', { projects: { ENG: [], 'A"B': [] } });
      data(await h.run('issues', { title: 'x', projectKey: 'A"B' }));
      expect(h.jira.requests.at(-1)?.query.jql).to.equal('project = "A\\"B" AND summary ~ "x"');
    });

    it('reports a search Jira rejects with its reason', async () => {
      h = await startHarness();
      h.jira.inject('GET', /search/, { status: 400, body: { errorMessages: ["The value 'ENG' does not exist for the field 'project'."], errors: {} } });
      const err = failure(await h.run('issues', { title: 'x' }));
      expect(err.serviceMessage).to.equal("The value 'ENG' does not exist for the field 'project'.");
    });
  });

  describe('connector test', () => {
    it('reads the project with the connector\'s credentials', async () => {
      h = await startHarness('datacenter');
      const out = await h.rf.relayflow.testConnector('eng');
      expect(data(out)).to.deep.equal({ reachable: true, deployment: 'datacenter', project: { id: '10100', key: 'ENG', name: 'ENG project' } });
      expect(h.jira.requests[0].headers.authorization).to.equal(DC_AUTH);
    });

    it('fails with Jira\'s reason and no credential when they are refused', async () => {
      h = await startHarness();
      h.jira.inject('GET', /project/, { status: 401, body: { errorMessages: ['You are not authenticated.'], errors: {} } });
      const err = failure(await h.rf.relayflow.testConnector('eng'));
      expect(err.message).to.equal('Unable to read Jira project ENG: Jira answered 401 Unauthorized. Reason: You are not authenticated.');
      assertNoSecrets(err);
    });
  });
});

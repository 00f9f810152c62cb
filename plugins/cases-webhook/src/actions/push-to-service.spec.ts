import { expect } from 'chai';
import type { ActionError, ActionOk } from '@relayflow/sdk';
import { startHarness, type Harness } from '../testing/harness';
import type { PushResult } from './push-to-service';

describe('cases-webhook pushToService', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  const okData = (result: unknown): PushResult => {
    expect(result, JSON.stringify(result)).to.include({ status: 'ok' });
    return (result as ActionOk<PushResult>).data;
  };
  const failure = (result: unknown): ActionError => {
    expect(result, JSON.stringify(result)).to.include({ status: 'error' });
    return result as ActionError;
  };

  describe('without externalId', () => {
    it('creates the case, reads its title, builds the view URL and adds comments in order', async () => {
      h = await startHarness();
      const data = okData(await h.push({
        incident: { title: 'Malware on host-1', description: 'found by EDR', tags: ['edr', 'malware'] },
        comments: [{ comment: 'first', commentId: 'c1' }, { comment: 'second', commentId: 'c2' }],
      }));
      expect(data).to.include({ id: '10001', title: 'CASE-1', url: `${h.standIn.url}/browse/CASE-1` });
      expect(Date.parse(data.pushedDate)).to.be.closeTo(Date.now(), 10_000);
      expect(data.comments.map((c) => c.commentId)).to.deep.equal(['c1', 'c2']);
      expect(h.standIn.requests.map((r) => `${r.method} ${r.path}`)).to.deep.equal([
        'POST /rest/api/2/issue',
        'GET /rest/api/2/issue/10001',
        'POST /rest/api/2/issue/10001/comment',
        'POST /rest/api/2/issue/10001/comment',
      ]);
      const issue = h.issues.get('10001')!;
      expect(issue.fields).to.deep.include({ summary: 'Malware on host-1', description: 'found by EDR', labels: ['edr', 'malware'] });
      expect(issue.comments.map((c) => c.body)).to.deep.equal(['first', 'second']);
      expect(h.standIn.requests[0].headers['content-type']).to.equal('application/json');
    });

    it('reads nested response keys such as data.id and fields.ids[0]', async () => {
      h = await startHarness({
        config: { createIncidentResponseKey: 'data.ids[1].value', getIncidentResponseExternalTitleKey: 'fields.ref[0]' },
        override: (req) => {
          if (req.method === 'POST' && req.path === '/rest/api/2/issue') return { status: 201, body: { data: { ids: [{ value: 'x' }, { value: 'A-7' }] } } };
          if (req.method === 'GET') return { body: { fields: { ref: ['REF-7'] } } };
          return undefined;
        },
      });
      const data = okData(await h.push({ incident: { title: 't' } }));
      expect(data).to.include({ id: 'A-7', title: 'REF-7', url: `${h.standIn.url}/browse/REF-7` });
      expect(h.standIn.requests[1].path).to.equal('/rest/api/2/issue/A-7');
    });

    it('fails naming the missing response key and sends nothing more', async () => {
      h = await startHarness({ config: { createIncidentResponseKey: 'data.id' } });
      const err = failure(await h.push({ incident: { title: 't' } }));
      expect(err.message).to.match(/^error creating case \(POST http:\/\/127\.0\.0\.1:\d+\/rest\/api\/2\/issue\): the response is missing the expected field "data\.id" \(config\.createIncidentResponseKey\); its top-level fields: id, key, self/);
      expect(h.standIn.requests).to.have.length(1);
    });

    it('fails naming the missing title key after creating, and says the case exists instead of retrying', async () => {
      h = await startHarness({ config: { getIncidentResponseExternalTitleKey: 'fields.key' } });
      const err = failure(await h.push({ incident: { title: 't' }, comments: [{ comment: 'c' }] }));
      expect(err.message).to.include('error reading case 10001 after creating it (GET');
      expect(err.message).to.include('missing the expected field "fields.key" (config.getIncidentResponseExternalTitleKey)');
      expect(err.message).to.include('case 10001 was created; push again with incident.externalId "10001"');
      expect(err.retry).to.equal(false);
      expect(err.details).to.deep.include({ createdCaseId: '10001' });
      expect(h.standIn.requests).to.have.length(2);
    });

    it('refuses a response that is not JSON where it reads a key', async () => {
      h = await startHarness({
        override: (req) => req.method === 'POST' ? { status: 200, headers: { 'content-type': 'text/html' }, body: '<html>login</html>' } : undefined,
      });
      const err = failure(await h.push({ incident: { title: 't' } }));
      expect(err.message).to.match(/error creating case \(POST .*\): the response \(200\) is text\/html, not application\/json; cannot read id/);
    });

    it('refuses a response without a content type where it reads a key', async () => {
      h = await startHarness({ override: (req) => req.method === 'POST' ? { status: 201, body: '{"id":"1"}' } : undefined });
      const err = failure(await h.push({ incident: { title: 't' } }));
      expect(err.message).to.include('has no content type; expected application/json to read id');
    });

    it('keeps a title with quotes, backslashes, newlines and unicode valid JSON', async () => {
      h = await startHarness();
      const title = 'He said "stop" \\ now\nline 2\ttab — ünïcödé 🚨 </script> {{x}}';
      okData(await h.push({ incident: { title, description: 'multi\r\nline "desc"', tags: ['a"b', 'ç'] } }));
      const sent = h.standIn.requests[0];
      expect(() => JSON.parse(sent.body)).not.to.throw();
      expect(h.issues.get('10001')!.fields).to.deep.include({ summary: title, description: 'multi\r\nline "desc"', labels: ['a"b', 'ç'] });
    });

    it('inserts JSON-escaped text for double braces inside a JSON string (prefixes and suffixes)', async () => {
      h = await startHarness({
        config: { createIncidentJson: '{"fields":{"summary":"[SIEM] {{case.title}} ({{case.severity}})","description":"Tags: {{case.tags}}","labels":{{case.tags}}}}' },
      });
      okData(await h.push({ incident: { title: 'Login "storm"\nfrom 10.0.0.1', severity: 'high', tags: ['auth'] } }));
      expect(h.issues.get('10001')!.fields).to.deep.equal({
        summary: '[SIEM] Login "storm"\nfrom 10.0.0.1 (high)',
        description: 'Tags: ["auth"]',
        labels: ['auth'],
      });
    });

    it('supports Mustache sections and inverted sections as conditionals', async () => {
      h = await startHarness({
        config: { createIncidentJson: '{"fields":{"summary":{{{case.title}}}{{#case.severity}},"priority":{"name":{{{case.severity}}}}{{/case.severity}}{{^case.description}},"description":"(none)"{{/case.description}}}}' },
      });
      okData(await h.push({ incident: { title: 'a', severity: 'High' } }));
      okData(await h.push({ incident: { title: 'b', description: 'given' } }));
      expect(h.issues.get('10001')!.fields).to.deep.equal({ summary: 'a', priority: { name: 'High' }, description: '(none)' });
      expect(h.issues.get('10002')!.fields).to.deep.equal({ summary: 'b' });
    });

    it('sends nothing when a body is not valid JSON after rendering, naming the body', async () => {
      // Valid with the sample values used when saving (severity set), invalid without a severity.
      h = await startHarness({ config: { createIncidentJson: '{"fields":{"summary":{{{case.title}}},"priority":{{#case.severity}}{{{case.severity}}}{{/case.severity}}}}' } });
      const err = failure(await h.push({ incident: { title: 't' } }));
      expect(err.message).to.match(/^Create case JSON body \(config\.createIncidentJson\) is not valid JSON after rendering: .+; nothing was sent$/);
      expect(err.retry).to.equal(false);
      expect(h.standIn.requests).to.have.length(0);
    });

    it('sends nothing, not even the create, when a comment body would not be valid JSON', async () => {
      h = await startHarness({ config: { createCommentJson: '{"body":{{{case.comment}}}{{^case.status}},{{/case.status}}}' } });
      const err = failure(await h.push({ incident: { title: 't' }, comments: [{ comment: 'c' }] }));
      expect(err.message).to.include('Create comment JSON body (config.createCommentJson) is not valid JSON after rendering');
      expect(h.standIn.requests).to.have.length(0);
    });

    it('sends nothing when comments are given but the connector has no comment settings', async () => {
      h = await startHarness({ config: { createCommentUrl: null, createCommentJson: null } });
      const err = failure(await h.push({ incident: { title: 't' }, comments: [{ comment: 'c' }] }));
      expect(err.message).to.include('the connector has no createCommentUrl and createCommentJson');
      expect(h.standIn.requests).to.have.length(0);
      okData(await h.push({ incident: { title: 't' }, comments: [{ comment: '  ' }] }));
    });

    it('names the operation, the remote status and reason when the create is refused', async () => {
      h = await startHarness({ override: (req) => req.method === 'POST' ? { status: 400, body: { errorMessages: ['Field "summary" is too long'] } } : undefined });
      const err = failure(await h.push({ incident: { title: 't' } }));
      expect(err.message).to.match(/^error creating case \(POST http:\/\/127\.0\.0\.1:\d+\/rest\/api\/2\/issue\): 400 Bad Request — \{"errorMessages":\["Field \\"summary\\" is too long"\]\}$/);
      expect(err.serviceMessage).to.equal('Field "summary" is too long');
      expect(err.retry).to.equal(false);
    });

    it('takes serviceMessage from the reasons in the body, not the raw body', async () => {
      const bodies: Array<[unknown, string]> = [
        [{ errorMessages: ['Project is archived'], errors: { summary: 'Summary is required', labels: 'no spaces' } }, 'Project is archived; summary: Summary is required; labels: no spaces'],
        [{ status: 'failure', error: { message: 'Invalid table', detail: 'incident2' } }, 'Invalid table'],
        [{ type: 'AuthenticationError', message: 'Authentication failure' }, 'Authentication failure'],
        ['<html>upstream down</html>', '<html>upstream down</html>'],
      ];
      h = await startHarness();
      for (const [body, expected] of bodies) {
        h.standIn.handle((req) => req.method === 'POST' ? { status: 422, body } : undefined);
        const err = failure(await h.push({ incident: { title: 't' } }));
        expect(err.serviceMessage, JSON.stringify(body)).to.equal(expected);
        expect(err.message).to.include('422 Unprocessable Entity');
      }
    });

    it('asks to retry at Retry-After on 429 and retries 5xx', async () => {
      h = await startHarness({ override: (req) => req.method === 'POST' ? { status: 429, headers: { 'retry-after': '7' }, body: { message: 'slow down' } } : undefined });
      const limited = failure(await h.push({ incident: { title: 't' } }));
      expect(limited.retry).to.be.instanceOf(Date);
      expect((limited.retry as Date).getTime() - Date.now()).to.be.within(5_000, 8_000);
      h.standIn.handle(() => ({ status: 503, body: { message: 'maintenance' } }));
      const down = failure(await h.push({ incident: { title: 't' } }));
      expect(down.retry).to.equal(true);
      expect(down.message).to.include('503 Service Unavailable');
    });

    it('does not retry a failed comment after the case was created', async () => {
      h = await startHarness({ override: (req) => req.path.endsWith('/comment') ? { status: 500, body: { message: 'oops' } } : undefined });
      const err = failure(await h.push({ incident: { title: 't' }, comments: [{ comment: 'c', commentId: 'k1' }] }));
      expect(err.message).to.match(/^error adding comment k1 to case 10001 \(POST .*\/rest\/api\/2\/issue\/10001\/comment\): 500 Internal Server Error/);
      expect(err.message).to.include('case 10001 was created');
      expect(err.retry).to.equal(false);
    });
  });

  describe('with externalId', () => {
    it('updates the case, reads it back, builds the view URL and adds comments', async () => {
      h = await startHarness();
      okData(await h.push({ incident: { title: 'old' } }));
      h.standIn.requests.length = 0;
      const data = okData(await h.push({
        incident: { title: 'new title', description: 'now resolved', externalId: '10001', tags: [] },
        comments: [{ comment: 'closing', commentId: 'z' }],
      }));
      expect(data).to.include({ id: '10001', title: 'CASE-1', url: `${h.standIn.url}/browse/CASE-1` });
      expect(h.standIn.requests.map((r) => `${r.method} ${r.path}`)).to.deep.equal([
        'PUT /rest/api/2/issue/10001', 'GET /rest/api/2/issue/10001', 'POST /rest/api/2/issue/10001/comment',
      ]);
      expect(h.issues.get('10001')!.fields).to.deep.include({ summary: 'new title', description: 'now resolved', labels: [] });
    });

    it('accepts 204 where nothing is read, and offers external.system.id to update bodies as JSON', async () => {
      h = await startHarness({
        config: { updateIncidentJson: '{"id":{{{external.system.id}}},"ref":"case {{external.system.id}}","fields":{"summary":{{{case.title}}}}}' },
        override: (req) => req.method === 'PUT' || req.path.endsWith('/comment') ? { status: 204 } : undefined,
      });
      okData(await h.push({ incident: { title: 'x' } }));
      okData(await h.push({ incident: { title: 'y', externalId: '10001' }, comments: [{ comment: 'c' }] }));
      const put = h.standIn.requests.find((r) => r.method === 'PUT')!;
      expect(JSON.parse(put.body)).to.deep.equal({ id: '10001', ref: 'case 10001', fields: { summary: 'y' } });
    });

    it('URL-encodes the id so ../ cannot change the path', async () => {
      h = await startHarness({ override: (req) => req.method === 'PUT' ? { status: 204 } : req.method === 'GET' ? { body: { key: 'K/1?x' } } : undefined });
      const data = okData(await h.push({ incident: { title: 't', externalId: '../../../admin/x?y=1#z' } }));
      const paths = h.standIn.requests.map((r) => r.url);
      expect(paths).to.deep.equal([
        '/rest/api/2/issue/..%2F..%2F..%2Fadmin%2Fx%3Fy%3D1%23z',
        '/rest/api/2/issue/..%2F..%2F..%2Fadmin%2Fx%3Fy%3D1%23z',
      ]);
      expect(data.url).to.equal(`${h.standIn.url}/browse/K%2F1%3Fx`);
    });

    it('refuses an externalId of "." or "..", which a URL would resolve to another path, sending nothing', async () => {
      h = await startHarness();
      for (const externalId of ['.', '..']) {
        const err = failure(await h.push({ incident: { title: 't', externalId }, comments: [{ comment: 'c' }] }));
        expect(err.message, externalId).to.equal(
          `Update case URL (config.updateIncidentUrl): variable external.system.id "${externalId}" cannot be sent as a URL path segment: `
          + 'URLs read "." and ".." (even percent-encoded) as the current and parent path, so the request would reach another resource; it was not sent',
        );
        expect(err.retry).to.equal(false);
      }
      expect(h.standIn.requests).to.deep.equal([]);
    });

    it('names the update and the case when the update fails', async () => {
      h = await startHarness();
      const err = failure(await h.push({ incident: { title: 't', externalId: '999' } }));
      expect(err.message).to.match(/^error updating case 999 \(PUT .*\/rest\/api\/2\/issue\/999\): 404 Not Found — .*Issue does not exist/);
    });
  });

  describe('getIncident', () => {
    it('reads a case by its external id', async () => {
      h = await startHarness();
      okData(await h.push({ incident: { title: 'to read' } }));
      const res = await h.run('getIncident', { externalId: '10001' });
      expect(res.status).to.equal('ok');
      const data = (res as ActionOk<{ id: string; title: string; url: string; data: { fields: { summary: string } } }>).data;
      expect(data).to.include({ id: '10001', title: 'CASE-1', url: `${h.standIn.url}/browse/CASE-1` });
      expect(data.data.fields.summary).to.equal('to read');
    });

    it('reads with POST and a rendered body when getIncidentMethod is post', async () => {
      h = await startHarness({
        config: (base) => ({ getIncidentMethod: 'post', getIncidentUrl: `${base}/search`, getIncidentJson: '{"jql":"id = {{external.system.id}}","id":{{{external.system.id}}}}' }),
        override: (req) => req.path === '/search' ? { body: { key: `K-${(req.json as { id: string }).id}` } } : undefined,
      });
      const res = await h.run('getIncident', { externalId: '5"' });
      expect(res, JSON.stringify(res)).to.deep.include({ status: 'ok' });
      expect(JSON.parse(h.standIn.requests[0].body)).to.deep.equal({ jql: 'id = 5"', id: '5"' });
      expect((res as ActionOk<{ title: string }>).data.title).to.equal('K-5"');
    });

    it('refuses the ids "." and "..", sending nothing', async () => {
      h = await startHarness();
      for (const externalId of ['.', '..']) {
        const err = failure(await h.run('getIncident', { externalId }));
        expect(err.message, externalId).to.include(`Get case URL (config.getIncidentUrl): variable external.system.id "${externalId}" cannot be sent as a URL path segment`);
      }
      expect(h.standIn.requests).to.deep.equal([]);
    });

    it('says which case could not be read', async () => {
      h = await startHarness();
      const err = failure(await h.run('getIncident', { externalId: '42' }));
      expect(err.message).to.match(/^error reading case 42 \(GET .*\/rest\/api\/2\/issue\/42\): 404 Not Found/);
    });
  });
});

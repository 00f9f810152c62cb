import { expect } from 'chai';
import { collapseSummary, issueFields, toPushInput } from './push-input';
import { PushComment, PushToServiceParams } from './push-to-service-params';

function params(values: Partial<PushToServiceParams>): PushToServiceParams {
  return Object.assign(new PushToServiceParams(), values);
}

describe('push input', () => {
  describe('collapseSummary', () => {
    it('joins the non-empty lines with ", "', () => {
      expect(collapseSummary('title \n  \n howdy \r test')).to.equal('title, howdy, test');
      expect(collapseSummary('one line')).to.equal('one line');
    });
  });

  describe('toPushInput', () => {
    it('takes flat fields first, then incident fields, and drops empty ones', () => {
      const input = toPushInput(params({
        summary: 'flat', description: '', incident: { summary: 'flat', description: 'from incident', priority: 'High', parent: '' },
        comments: [Object.assign(new PushComment(), { comment: ' ' }), Object.assign(new PushComment(), { comment: 'kept' })],
      }), 'ENG');
      expect(input).to.deep.equal({ projectKey: 'ENG', summary: 'flat', description: 'from incident', priority: 'High', comments: [{ comment: 'kept' }] });
    });

    it('uses the projectKey param over the connector\'s', () => {
      expect(toPushInput(params({ projectKey: 'OPS' }), 'ENG').projectKey).to.equal('OPS');
      expect(toPushInput(params({ projectKey: '' }), 'ENG').projectKey).to.equal('ENG');
    });
  });

  describe('issueFields', () => {
    it('builds a create with project and issue type, otherFields last', () => {
      const input = toPushInput(params({ summary: 's', labels: [], otherFields: { summary: 'override', customfield_1: 1 } }), 'ENG');
      expect(issueFields(input, '10001', 'create')).to.deep.equal({
        summary: 'override', project: { key: 'ENG' }, issuetype: { id: '10001' }, labels: [], customfield_1: 1,
      });
    });

    it('builds an update with only what was given', () => {
      expect(issueFields(toPushInput(params({ externalId: 'ENG-1', parent: 'ENG-0' }), 'ENG'), undefined, 'update')).to.deep.equal({ parent: { key: 'ENG-0' } });
    });
  });
});

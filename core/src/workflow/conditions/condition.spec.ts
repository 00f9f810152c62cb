import { expect } from 'chai';
import { RelayflowError } from '../../errors/relayflow-error';
import { compileCondition, conditionFields, evaluateCondition, templatedConditionFields } from './condition';

const context = {
  event: {
    severity: 'critical', count: 5, ok: true, none: null, score: '7.5', when: '2024-05-01T10:00:00Z',
    host: { name: 'web-17' }, tags: ['prod', 'eu'], empty: [], users: [{ name: 'ann' }, { name: 'bob' }], text: 'a b',
  },
  steps: { fetch: { output: { items: [1, 2, 3] }, error: null } },
};

const check = (condition: string | boolean): boolean => evaluateCondition(condition, context);

describe('conditions', () => {
  describe('.evaluateCondition', () => {
    it('matches field: value for strings, numbers and booleans', () => {
      expect(check('event.severity: critical')).to.equal(true);
      expect(check('event.severity: high')).to.equal(false);
      expect(check('event.count: 5')).to.equal(true);
      expect(check('event.ok: true')).to.equal(true);
      expect(check('event.ok: false')).to.equal(false);
      expect(check('event.text: "a b"')).to.equal(true);
      expect(check('event.none: null')).to.equal(true);
    });

    it('compares numbers, numeric strings and ISO dates', () => {
      expect(check('event.count > 3')).to.equal(true);
      expect(check('event.count >= 5 and event.count <= 5')).to.equal(true);
      expect(check('event.count < 5')).to.equal(false);
      expect(check('event.score > 7')).to.equal(true);
      expect(check('event.when >= "2024-01-01"')).to.equal(true);
    });

    it('supports exists, wildcards, and/or/not, parentheses and arrays', () => {
      expect(check('event.host.name: *')).to.equal(true);
      expect(check('event.nope: *')).to.equal(false);
      expect(check('event.empty: *')).to.equal(false);
      expect(check('event.host.name: web-*')).to.equal(true);
      expect(check('event.host.name: *-17')).to.equal(true);
      expect(check('event.host.name: db-*')).to.equal(false);
      expect(check('event.tags: eu')).to.equal(true);
      expect(check('event.severity: (low or critical)')).to.equal(true);
      expect(check('event.tags: (prod and eu)')).to.equal(true);
      expect(check('not event.severity: low AND (event.count > 10 OR event.ok: true)')).to.equal(true);
      expect(check('NOT event.ok: true')).to.equal(false);
    });

    it('reads dotted paths with indexes and .length', () => {
      expect(check('steps.fetch.output.items.length > 2')).to.equal(true);
      expect(check('steps.fetch.output.items.length: 3')).to.equal(true);
      expect(check('event.users[1].name: bob')).to.equal(true);
      expect(check('event.users.0.name: ann')).to.equal(true);
    });

    it('treats a missing field as false, also in comparisons', () => {
      expect(check('event.missing: x')).to.equal(false);
      expect(check('event.missing > 1')).to.equal(false);
      expect(check('not event.missing: x')).to.equal(true);
    });

    it('renders templates first and honours booleans and true/false', () => {
      expect(check(true)).to.equal(true);
      expect(check('${{ event.ok }}')).to.equal(true);
      expect(check('{{ event.ok }}')).to.equal(true);
      expect(check(' FALSE ')).to.equal(false);
      expect(check('{{ event.severity }}: critical')).to.equal(false);
      expect(check('event.severity: {{ event.severity }}')).to.equal(true);
      expect(check('{{ event.missing }}')).to.equal(false);
    });

    it('rejects a ${{ }} that is not a boolean or string', () => {
      expect(() => check('${{ event.count }}')).to.throw(RelayflowError, /expected a boolean/);
    });

    it('never evaluates code', () => {
      expect(check('event.constructor: *')).to.equal(false);
      expect(() => check('process.exit(1)')).to.throw(RelayflowError, /syntax error/);
    });
  });

  describe('.compileCondition', () => {
    it('reports syntax errors with the offset and caches parses', () => {
      try {
        compileCondition('event.a: 1 and');
        expect.fail('should throw');
      } catch (err) {
        expect((err as RelayflowError).code).to.equal('WORKFLOW_INVALID');
        expect((err as RelayflowError).details?.offset).to.equal(14);
      }
      expect(compileCondition('event.a: 1')).to.equal(compileCondition('event.a: 1'));
    });
  });

  describe('.conditionFields', () => {
    it('lists the fields a condition reads', () => {
      expect(conditionFields('steps.a.output.x: 1 and not (b > 2 or c: *)')).to.deep.equal(['steps.a.output.x', 'b', 'c']);
    });
  });

  describe('.templatedConditionFields', () => {
    it('lists the fields the literal KQL around template tags reads', () => {
      expect(templatedConditionFields('steps.later.output: {{ event.v }}')).to.deep.equal(['steps.later.output']);
      expect(templatedConditionFields('{{ inputs.field }}: x and steps.a.output > {{{ inputs.min }}}')).to.deep.equal(['steps.a.output']);
      expect(templatedConditionFields('not steps.b.status: "{{ event.s }}"')).to.deep.equal(['steps.b.status']);
    });

    it('falls back to the dotted paths outside quotes when a tag stands for a whole expression', () => {
      expect(templatedConditionFields('{{ inputs.extra }} and steps.c.output: "steps.quoted.x"')).to.deep.equal(['steps.c.output']);
    });

    it('leaves out fields built from a tag, and has none for a ${{ }} condition', () => {
      expect(templatedConditionFields('steps.{{ inputs.which }}.output: 1')).to.deep.equal([]);
      expect(templatedConditionFields('${{ steps.a.output.ok }}')).to.deep.equal([]);
    });
  });
});

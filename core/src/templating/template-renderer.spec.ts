import { expect } from 'chai';
import Mustache from 'mustache';
import { RelayflowError } from '../errors/relayflow-error';
import { compileValue, parseTemplate, renderTemplate, renderValue, templateNames } from './template-renderer';

const context = {
  event: { name: 'disk full', hosts: ['web-1', 'web-2'], count: 3, ok: true, nested: { a: 1 }, html: '<b>&"' },
  steps: { fetch: { output: { items: [{ id: 1 }, { id: 2 }], data: { status: 'open' } }, error: null } },
  inputs: { severity: 'high' },
};

describe('templating', () => {
  describe('.renderTemplate', () => {
    it('renders paths without HTML escaping', () => {
      expect(renderTemplate('{{ event.name }}: {{event.html}} {{{event.html}}} {{&event.html}}', context)).to.equal('disk full: <b>&" <b>&" <b>&"');
    });

    it('renders a missing value as the empty string', () => {
      expect(renderTemplate('[{{ event.nope }}][{{ nothing.at.all }}]', context)).to.equal('[][]');
    });

    it('renders objects and arrays as JSON text, in every tag form', () => {
      expect(renderTemplate('{{ event.hosts }}', context)).to.equal('["web-1","web-2"]');
      expect(renderTemplate('{{{ event.nested }}}', context)).to.equal('{"a":1}');
      expect(renderTemplate('{{& event.nested }}', context)).to.equal('{"a":1}');
    });

    it('renders numbers, booleans and .length', () => {
      expect(renderTemplate('{{event.count}} {{event.ok}} {{ steps.fetch.output.items.length }} {{ event.name.length }}', context)).to.equal('3 true 2 9');
    });

    it('supports sections over arrays and [n] indexes', () => {
      expect(renderTemplate('{{#event.hosts}}<{{.}}>{{/event.hosts}}', context)).to.equal('<web-1><web-2>');
      expect(renderTemplate('{{#steps.fetch.output.items}}{{id}},{{/steps.fetch.output.items}}', context)).to.equal('1,2,');
      expect(renderTemplate('{{ steps.fetch.output.items[1].id }}', context)).to.equal('2');
    });

    it('never reaches prototypes or calls functions', () => {
      const evil = { fn: () => 'called', obj: {} };
      expect(renderTemplate('[{{ fn }}][{{ obj.constructor }}][{{ obj.__proto__ }}][{{ obj.toString }}][{{#fn}}x{{/fn}}]', evil)).to.equal('[][][][][]');
      expect(renderTemplate('{{ event.name.constructor.name }}', context)).to.equal('');
    });

    it('reports a syntax error with its offset', () => {
      try {
        parseTemplate('hello {{ name');
        expect.fail('should throw');
      } catch (err) {
        expect(RelayflowError.is(err)).to.equal(true);
        expect((err as RelayflowError).message).to.match(/Unclosed tag/);
        expect((err as RelayflowError).details).to.deep.equal({ offset: 13 });
      }
    });
  });

  describe('.parseTemplate', () => {
    it('parses each template source once, however often it is compiled or rendered', () => {
      const source = `cached {{ event.name }} ${Date.now()}-${Math.random()}`;
      const parse = Mustache.parse;
      let calls = 0;
      Mustache.parse = (...args: Parameters<typeof parse>) => {
        calls++;
        return parse(...args);
      };
      try {
        const tokens = parseTemplate(source);
        expect(parseTemplate(source)).to.equal(tokens);
        expect(renderTemplate(source, context)).to.match(/^cached disk full /);
        compileValue({ a: source, b: [source] })(context);
        renderValue(source, context);
        expect(calls).to.equal(1);
        parseTemplate(`${source} (another)`);
        expect(calls).to.equal(2);
      } finally {
        Mustache.parse = parse;
      }
    });
  });

  describe('.renderValue', () => {
    it('keeps the type of a whole-string ${{ path }} and renders keys never', () => {
      const out = renderValue({ '{{ event.name }}': '${{ event.hosts }}', n: '${{event.count}}', t: 'Tags: ${{ event.hosts }}', deep: [{ x: '{{ inputs.severity }}' }], k: 5, b: false }, context);
      expect(out).to.deep.equal({ '{{ event.name }}': ['web-1', 'web-2'], n: 3, t: 'Tags: ["web-1","web-2"]', deep: [{ x: 'high' }], k: 5, b: false });
    });

    it('interpolates ${{ path }} inside a longer string like {{ path }}', () => {
      expect(renderValue('count: ${{ event.count }}, name: {{ event.name }}', context)).to.equal(`count: 3, name: ${context.event.name}`);
    });

    it('hands out copies for ${{ path }}, never the live context', () => {
      const out = renderValue('${{ event }}', context) as Record<string, unknown>;
      expect(out).to.deep.equal(context.event);
      expect(out).to.not.equal(context.event);
      const vars: Record<string, unknown> = {};
      const live = { variables: vars };
      vars.v = renderValue('${{ variables }}', live);
      expect(() => JSON.stringify(live)).to.not.throw();
    });

    it('gives the empty string for a missing ${{ path }}, keeping a null as null', () => {
      expect(renderValue('${{ event.missing }}', context)).to.equal('');
      expect(renderValue({ a: '${{ nothing.at.all }}' }, context)).to.deep.equal({ a: '' });
      expect(compileValue('${{ event.missing }}')(context)).to.equal('');
      expect(renderValue('${{ event.none }}', { event: { none: null } })).to.equal(null);
    });
  });

  describe('.compileValue', () => {
    it('renders the same as renderValue and returns template-free parts untouched', () => {
      const value = { a: '{{ event.name }}', b: { fixed: [1, 2] }, c: ['${{ event.nested }}'] };
      const render = compileValue(value);
      const out = render(context) as Record<string, unknown>;
      expect(out).to.deep.equal(renderValue(value, context));
      expect(out.b).to.equal(value.b);
    });
  });

  describe('.templateNames', () => {
    it('lists the names a template uses', () => {
      expect(templateNames('{{ steps.a.output }} {{#steps.b.output.list}}{{x}}{{/steps.b.output.list}}')).to.deep.equal(['steps.a.output', 'steps.b.output.list', 'x']);
      expect(templateNames('${{ steps.c.output }}')).to.deep.equal(['steps.c.output']);
      expect(templateNames('plain')).to.deep.equal([]);
    });
  });
});

import { expect } from 'chai';
import { compileTemplate, TemplateError } from './template';

describe('compileTemplate', () => {
  const view = { case: { title: 'a "b"\n', tags: ['x', 'y'], description: '', n: 3 }, external: { system: { id: '../1 2' } } };

  describe('.render (json)', () => {
    it('writes JSON values outside strings, whatever the number of braces (Kibana\'s triple braces keep working)', () => {
      const t = compileTemplate('{"a":{{{case.title}}},"b":{{case.title}},"t":{{{case.tags}}},"n":{{case.n}},"m":{{case.missing}}}', 'json');
      expect(JSON.parse(t.render(view))).to.deep.equal({ a: 'a "b"\n', b: 'a "b"\n', t: ['x', 'y'], n: 3, m: null });
    });

    it('writes JSON-escaped text inside strings, keeping escaped quotes in the template in mind', () => {
      const t = compileTemplate('{"s":"pre \\"{{case.title}}\\" {{{case.tags}}} post","e":"{{case.missing}}"}', 'json');
      expect(JSON.parse(t.render(view))).to.deep.equal({ s: 'pre "a "b"\n" ["x","y"] post', e: '' });
    });

    it('iterates arrays in sections and renders inverted sections for empty values', () => {
      const t = compileTemplate('[{{#case.tags}}"{{.}}-",{{/case.tags}}{{^case.description}}"none"{{/case.description}}]', 'json');
      expect(JSON.parse(t.render(view))).to.deep.equal(['x-', 'y-', 'none']);
    });

    it('never HTML-escapes', () => {
      const t = compileTemplate('"{{case.title}}"', 'json');
      expect(t.render({ case: { title: '<a href="x">&</a>' } })).to.equal('"<a href=\\"x\\">&</a>"');
    });
  });

  describe('.render (url)', () => {
    it('URL-encodes every value', () => {
      const t = compileTemplate('https://h.example/i/{{{external.system.id}}}?t={{case.title}}&l={{case.tags}}', 'url');
      expect(t.render(view)).to.equal('https://h.example/i/..%2F1%202?t=a%20%22b%22%0A&l=%5B%22x%22%2C%22y%22%5D');
      expect(t.literalPrefix).to.equal('https://h.example/i/');
    });

    it('refuses "." and ".." as a value in the path, but not in the query or fragment', () => {
      const t = compileTemplate('https://h.example/i/{{{external.system.id}}}/x?id={{external.system.id}}#{{case.title}}', 'url');
      for (const id of ['.', '..']) {
        expect(() => t.render({ external: { system: { id } }, case: { title: 't' } }), id).to.throw(`variable external.system.id "${id}" cannot be sent as a URL path segment`);
      }
      expect(t.render({ external: { system: { id: '...' } }, case: { title: '..' } })).to.equal('https://h.example/i/.../x?id=...#..');
      const query = compileTemplate('https://h.example/search?id={{external.system.id}}', 'url');
      expect(query.render({ external: { system: { id: '..' } } })).to.equal('https://h.example/search?id=..');
      // A ? inside a section may not be rendered, so it does not end the path.
      const section = compileTemplate('https://h.example/i{{#case.title}}?t=1{{/case.title}}/{{external.system.id}}', 'url');
      expect(() => section.render({ external: { system: { id: '..' } }, case: { title: '' } })).to.throw('cannot be sent as a URL path segment');
    });
  });

  it('parses each template once', () => {
    expect(compileTemplate('{"x":{{case.title}}}', 'json')).to.equal(compileTemplate('{"x":{{case.title}}}', 'json'));
  });

  it('reports templates Mustache cannot parse, and partials', () => {
    expect(() => compileTemplate('{{#a}}', 'json')).to.throw(TemplateError, 'is not a valid Mustache template: Unclosed section "a"');
    expect(() => compileTemplate('{{> p}}', 'json')).to.throw(TemplateError, 'partials are not supported');
  });
});

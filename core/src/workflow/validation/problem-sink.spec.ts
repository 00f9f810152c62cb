import { expect } from 'chai';
import { renderTemplate } from '../../templating/template-renderer';
import { YamlSource } from '../../yaml/yaml-source';
import { ProblemSink } from './problem-sink';

const sink = (): ProblemSink => new ProblemSink(YamlSource.parse('name: x\nsteps:\n  - { name: a, type: console, with: { message: "{{#open}}" } }\n', 'w.yaml').source);

describe('ProblemSink', () => {
  describe('.add', () => {
    it('keeps the field path and codes the problem, WORKFLOW_INVALID unless told', () => {
      const s = sink();
      s.add(['steps', 0, 'name'], 'duplicate step name "a"');
      s.add(['steps', 0, 'type'], 'unknown step type', 'value', 'INVALID_VALUE');
      expect(s.problems.map((p) => [p.path, p.fieldPath, p.code])).to.deep.equal([
        ['steps[0].name', ['steps', 0, 'name'], 'WORKFLOW_INVALID'],
        ['steps[0].type', ['steps', 0, 'type'], 'INVALID_VALUE'],
      ]);
      expect(s.problems[0].location).to.deep.equal({ file: 'w.yaml', line: 3, col: 13 });
    });
  });

  describe('.addAll', () => {
    it('keeps the codes of class-validation problems', () => {
      const s = sink();
      s.addAll([{ path: ['steps', 0, 'wiht'], message: 'unknown key "wiht"', at: 'key', code: 'UNKNOWN_KEY' }]);
      expect(s.problems[0]).to.deep.include({ code: 'UNKNOWN_KEY', fieldPath: ['steps', 0, 'wiht'] });
    });
  });

  describe('.addParseError', () => {
    it('codes a template syntax error with its error code, located in the string', () => {
      const s = sink();
      let err: unknown;
      try {
        renderTemplate('{{#open}}', {});
      } catch (e) {
        err = e;
      }
      s.addParseError(['steps', 0, 'with', 'message'], err);
      expect(s.problems[0]).to.deep.include({ code: 'WORKFLOW_INVALID', fieldPath: ['steps', 0, 'with', 'message'] });
      expect(s.problems[0].location?.line).to.equal(3);
    });
  });
});

import { expect } from 'chai';
import { parseJql } from '../test-support/fake-jira';
import { jqlString, jqlTextPhrase } from './jql';

describe('jql', () => {
  describe('jqlString', () => {
    it('quotes and escapes only " and \\', () => {
      expect(jqlString('ENG')).to.equal('"ENG"');
      expect(jqlString('a"b\\c\'d')).to.equal('"a\\"b\\\\c\'d"');
    });
  });

  describe('jqlTextPhrase', () => {
    it('escapes Lucene syntax with a JQL-escaped backslash', () => {
      expect(jqlTextPhrase('[x]')).to.equal('"\\\\[x\\\\]"');
      expect(jqlTextPhrase('a "b"')).to.equal('"a \\\\\\"b\\\\\\""');
      expect(jqlTextPhrase('back\\slash')).to.equal('"back\\\\\\\\slash"');
    });

    it('keeps apostrophes and ordinary text, and flattens line breaks', () => {
      expect(jqlTextPhrase("it's fine")).to.equal('"it\'s fine"');
      expect(jqlTextPhrase(' two\nlines\t ')).to.equal('"two lines"');
    });

    it('round-trips every printable ASCII character through Jira\'s two parsers', () => {
      let all = '';
      for (let c = 32; c < 127; c++) all += String.fromCharCode(c);
      const jql = `project = ${jqlString('ENG')} AND summary ~ ${jqlTextPhrase(all)}`;
      expect(parseJql(jql)).to.deep.equal({ project: 'ENG', text: all.trim() });
    });
  });
});

import { expect } from 'chai';
import { RelayflowError } from '../errors/relayflow-error';
import { encodePathSegment } from './url-path';

describe('encodePathSegment', () => {
  it('encodes slashes, query and fragment characters so the value stays one segment', () => {
    expect(encodePathSegment('../../admin/x?y=1#z')).to.equal('..%2F..%2Fadmin%2Fx%3Fy%3D1%23z');
    expect(encodePathSegment('ENG-1')).to.equal('ENG-1');
    expect(encodePathSegment('a b%')).to.equal('a%20b%25');
  });

  it('keeps values that are dots with other text, or more than two dots, as ordinary segments', () => {
    for (const value of ['...', '.x', 'x.', '..a', 'a..b']) {
      const encoded = encodePathSegment(value);
      expect(new URL(`http://h/issue/${encoded}`).pathname, value).to.equal(`/issue/${encoded}`);
    }
  });

  it('refuses "." and "..", which no encoding keeps from being resolved as the current or parent path', () => {
    // Why refusing is the only option: the URL parser collapses the percent-encoded forms too.
    expect(new URL('http://h/rest/api/2/issue/%2E%2E').pathname).to.equal('/rest/api/2/');
    expect(new URL('http://h/rest/api/2/issue/%2e').pathname).to.equal('/rest/api/2/issue/');
    for (const value of ['.', '..']) {
      let thrown: unknown;
      try {
        encodePathSegment(value, 'issue key');
      } catch (err) {
        thrown = err;
      }
      expect(RelayflowError.is(thrown), value).to.equal(true);
      expect((thrown as RelayflowError).code).to.equal('VALIDATION_FAILED');
      expect((thrown as Error).message).to.match(new RegExp(`^issue key "${value.replace(/\./g, '\\.')}" cannot be sent as a URL path segment: .*it was not sent$`));
    }
  });
});

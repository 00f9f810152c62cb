import { expect } from 'chai';
import { stripCredentials } from '../secrets/redaction';
import { HostPolicy } from './host-policy';

describe('HostPolicy', () => {
  describe('.check', () => {
    it('allows exact hostnames, case-insensitively, on any port', () => {
      const policy = new HostPolicy(['api.example.com']);
      expect(policy.check('https://API.example.com/x')).to.equal(undefined);
      expect(policy.check('http://api.example.com:8080/x')).to.equal(undefined);
      expect(policy.check('https://example.com/')).to.contain('"example.com" is not allowed by networking.allowedHosts');
    });

    it('lets *.domain match any depth of subdomain but not the domain, a look-alike or an IP', () => {
      const policy = new HostPolicy(['*.example.com']);
      expect(policy.check('https://a.example.com')).to.equal(undefined);
      expect(policy.check('https://a.b.example.com')).to.equal(undefined);
      expect(policy.check('https://example.com')).to.be.a('string');
      expect(policy.check('https://badexample.com')).to.be.a('string');
      expect(new HostPolicy(['*.0.1']).check('http://127.0.0.1')).to.be.a('string');
    });

    it('restricts host:port entries to that port (default ports included)', () => {
      const policy = new HostPolicy(['jira.internal:8443', 'web.internal:443', '[::1]:9000']);
      expect(policy.check('https://jira.internal:8443/')).to.equal(undefined);
      expect(policy.check('https://jira.internal/')).to.contain('"jira.internal"');
      expect(policy.check('https://web.internal/')).to.equal(undefined);
      expect(policy.check('http://web.internal/')).to.be.a('string');
      expect(policy.check('http://[::1]:9000/')).to.equal(undefined);
    });

    it('refuses unparseable URLs and other protocols, and "*" allows every http(s) host', () => {
      const any = new HostPolicy(['*']);
      expect(any.check('https://anything.example/')).to.equal(undefined);
      expect(any.check('::nonsense')).to.contain('not a valid absolute URL');
      expect(any.check('file:///etc/passwd')).to.contain('http or https');
      expect(new HostPolicy([]).check('https://a.example/')).to.contain('(empty)');
    });

    it('never shows credentials from the URL', () => {
      expect(new HostPolicy([]).check('https://user:pw@a.example/')).not.to.contain('pw');
      expect(stripCredentials('https://user:pw@a.example/x')).to.equal('https://a.example/x');
    });
  });
});

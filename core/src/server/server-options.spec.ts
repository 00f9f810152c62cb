import { expect } from 'chai';
import { DEFAULT_SERVER_OPTIONS, parseRate, resolveServerOptions } from './server-options';

describe('server options', () => {
  describe('parseRate', () => {
    it('reads count/period', () => {
      expect(parseRate('20/min')).to.deep.equal({ max: 20, windowMs: 60_000 });
      expect(parseRate('5/s')).to.deep.equal({ max: 5, windowMs: 1000 });
      expect(parseRate(' 100 / hour ')).to.deep.equal({ max: 100, windowMs: 3_600_000 });
    });

    it('refuses anything else with CONFIG_INVALID, naming the setting', () => {
      for (const bad of ['20', '20 per minute', '/min', '20/fortnight']) {
        expect(() => parseRate(bad)).to.throw(/server\.authRateLimit must be a rate/).with.property('code', 'CONFIG_INVALID');
      }
    });
  });

  describe('resolveServerOptions', () => {
    it('defaults to contract §9: 127.0.0.1:5680, 1mb, 30s grace, 20/min', () => {
      expect(resolveServerOptions(undefined)).to.deep.equal(DEFAULT_SERVER_OPTIONS);
      expect(DEFAULT_SERVER_OPTIONS).to.include({ host: '127.0.0.1', port: 5680, bodyLimit: 1024 * 1024, shutdownGraceMs: 30_000 });
    });

    it('takes the config, and flags over it', () => {
      const options = resolveServerOptions({ host: '0.0.0.0', port: 8080, bodyLimit: '64kb', shutdownGrace: '5s', authRateLimit: '3/s' }, { port: 0 });
      expect(options).to.include({ host: '0.0.0.0', port: 0, bodyLimit: 65536, shutdownGraceMs: 5000 });
      expect(options.authRateLimit).to.deep.equal({ max: 3, windowMs: 1000 });
    });

    it('refuses a bad port flag with BAD_ARGUMENT and a bad setting with CONFIG_INVALID', () => {
      expect(() => resolveServerOptions(undefined, { port: 70000 })).to.throw(/--port must be a port number/).with.property('code', 'BAD_ARGUMENT');
      expect(() => resolveServerOptions({ bodyLimit: 'lots' })).to.throw(/server\.bodyLimit/).with.property('code', 'CONFIG_INVALID');
      expect(() => resolveServerOptions({ shutdownGrace: 'soon' })).to.throw(/server\.shutdownGrace/).with.property('code', 'CONFIG_INVALID');
    });
  });
});

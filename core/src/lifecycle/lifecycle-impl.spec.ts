import { expect } from 'chai';
import type { LifecycleHook } from '../contracts/lifecycle';
import type { Logger } from '../contracts/logger';
import { rejectionOf, thrownBy } from '../../../test/support/errors';
import { LifecycleImpl } from './lifecycle-impl';

/** A logger keeping `level message` lines. */
function linesLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const logger: Logger = {
    debug: (m) => lines.push(`debug ${m}`), info: (m) => lines.push(`info ${m}`),
    warn: (m) => lines.push(`warn ${m}`), error: (m) => lines.push(`error ${m}`), child: () => logger,
  };
  return { logger, lines };
}

/** A hook that records its start and stop in `log`. */
function recording(name: string, log: string[], extra: Partial<LifecycleHook> = {}): LifecycleHook {
  return { name, start: () => { log.push(`start ${name}`); }, stop: () => { log.push(`stop ${name}`); }, ...extra };
}

describe('LifecycleImpl', () => {
  describe('.start', () => {
    it('starts hooks one after the other in registration order', async () => {
      const log: string[] = [];
      const lifecycle = new LifecycleImpl(linesLogger().logger);
      lifecycle.register({ name: 'slow', start: async () => { await new Promise((r) => setTimeout(r, 20)); log.push('start slow'); } });
      lifecycle.register(recording('fast', log));
      await lifecycle.start();
      expect(log).to.deep.equal(['start slow', 'start fast']);
    });

    it('starts a hook registered while starting, after the others', async () => {
      const log: string[] = [];
      const lifecycle = new LifecycleImpl(linesLogger().logger);
      lifecycle.register({ name: 'a', start: () => { log.push('start a'); lifecycle.register(recording('late', log)); } });
      lifecycle.register(recording('b', log));
      await lifecycle.start();
      await lifecycle.stop();
      expect(log).to.deep.equal(['start a', 'start b', 'start late', 'stop late', 'stop b']);
    });

    it('returns the same promise when called again', async () => {
      let starts = 0;
      const lifecycle = new LifecycleImpl(linesLogger().logger);
      lifecycle.register({ name: 'once', start: () => { starts++; } });
      const first = lifecycle.start();
      expect(lifecycle.start()).to.equal(first);
      await first;
      expect(starts).to.equal(1);
    });

    it('rejects with the failing hook\'s error and starts nothing after it', async () => {
      const log: string[] = [];
      const lifecycle = new LifecycleImpl(linesLogger().logger);
      lifecycle.register(recording('a', log));
      lifecycle.register({ name: 'broken', start: () => { throw new Error('cannot open'); } });
      lifecycle.register(recording('c', log));
      let error: unknown;
      await lifecycle.start().catch((err) => { error = err; });
      expect((error as Error).message).to.equal('cannot open');
      expect(log).to.deep.equal(['start a']);
    });
  });

  describe('.stop', () => {
    it('stops in reverse registration order', async () => {
      const log: string[] = [];
      const lifecycle = new LifecycleImpl(linesLogger().logger);
      for (const name of ['plugins', 'store', 'server']) lifecycle.register(recording(name, log));
      lifecycle.register({ name: 'pool', stop: () => { log.push('stop pool'); } });
      await lifecycle.start();
      await lifecycle.stop();
      expect(log).to.deep.equal(['start plugins', 'start store', 'start server', 'stop pool', 'stop server', 'stop store', 'stop plugins']);
    });

    it('after a failed start, stops only what started (and the stop-only hooks)', async () => {
      const log: string[] = [];
      const lifecycle = new LifecycleImpl(linesLogger().logger);
      lifecycle.register(recording('plugins', log));
      lifecycle.register({ name: 'pool', stop: () => { log.push('stop pool'); } });
      lifecycle.register({ name: 'store', start: () => Promise.reject(new Error('disk full')), stop: () => { log.push('stop store'); } });
      lifecycle.register(recording('server', log));
      await lifecycle.start().catch(() => undefined);
      await lifecycle.stop();
      expect(log).to.deep.equal(['start plugins', 'stop pool', 'stop plugins']);
    });

    it('logs a hook that misses its deadline by name and still stops the others', async () => {
      const log: string[] = [];
      const { logger, lines } = linesLogger();
      const lifecycle = new LifecycleImpl(logger, 5_000);
      lifecycle.register(recording('store', log));
      lifecycle.register({ name: 'stuck-worker', stopTimeout: 30, stop: () => new Promise(() => undefined) });
      lifecycle.register(recording('server', log));
      await lifecycle.start();
      const began = Date.now();
      await lifecycle.stop();
      expect(Date.now() - began).to.be.below(1_000);
      expect(log).to.deep.equal(['start store', 'start server', 'stop server', 'stop store']);
      expect(lines).to.include('warn stuck-worker did not stop within 30 ms; going on without waiting for it');
    });

    it('applies its default deadline to a hook that sets none', async () => {
      const { logger, lines } = linesLogger();
      const lifecycle = new LifecycleImpl(logger, 20);
      lifecycle.register({ name: 'hung', stop: () => new Promise(() => undefined) });
      await lifecycle.stop();
      expect(lines).to.include('warn hung did not stop within 20 ms; going on without waiting for it');
    });

    it('logs a hook whose stop throws and still stops the others', async () => {
      const log: string[] = [];
      const { logger, lines } = linesLogger();
      const lifecycle = new LifecycleImpl(logger);
      lifecycle.register(recording('store', log));
      lifecycle.register({ name: 'pool', stop: () => { throw new Error('socket busy'); } });
      lifecycle.register({ name: 'plugins', stop: async () => { throw new Error('plugin exploded'); } });
      await lifecycle.start();
      await lifecycle.stop();
      expect(log).to.deep.equal(['start store', 'stop store']);
      expect(lines).to.include('error plugins failed to stop: plugin exploded');
      expect(lines).to.include('error pool failed to stop: socket busy');
    });

    it('logs what it stops and what it waited for', async () => {
      const { logger, lines } = linesLogger();
      const lifecycle = new LifecycleImpl(logger);
      lifecycle.register(recording('store', []));
      lifecycle.register(recording('plugins', []));
      await lifecycle.start();
      await lifecycle.stop();
      expect(lines).to.include('info stopping plugins, store');
      expect(lines.filter((l) => /^debug stopped (plugins|store): waited \d+ ms$/.test(l))).to.have.length(2);
      expect(lines.some((l) => /^info stopped in \d+ ms$/.test(l))).to.equal(true);
    });

    it('is idempotent: a second stop stops nothing again', async () => {
      const log: string[] = [];
      const lifecycle = new LifecycleImpl(linesLogger().logger);
      lifecycle.register(recording('store', log));
      await lifecycle.start();
      const first = lifecycle.stop();
      expect(lifecycle.stop()).to.equal(first);
      await first;
      await lifecycle.stop();
      expect(log).to.deep.equal(['start store', 'stop store']);
    });

    it('waits for a start in progress, starts nothing more, and stops what started', async () => {
      const log: string[] = [];
      let release!: () => void;
      const lifecycle = new LifecycleImpl(linesLogger().logger);
      lifecycle.register({ name: 'store', start: () => new Promise<void>((r) => { release = r; }), stop: () => { log.push('stop store'); } });
      lifecycle.register(recording('server', log));
      const starting = lifecycle.start();
      const stopping = lifecycle.stop();
      release();
      expect((await rejectionOf(starting)).message).to.equal('startup was stopped before server started');
      await stopping;
      expect(log).to.deep.equal(['stop store']);
    });

    it('refuses to start again once stopped', async () => {
      const lifecycle = new LifecycleImpl(linesLogger().logger);
      await lifecycle.stop();
      expect((await rejectionOf(lifecycle.start())).code).to.equal('INTERNAL');
    });
  });

  describe('.register', () => {
    it('accepts a stop-only hook after start and stops it first', async () => {
      const log: string[] = [];
      const lifecycle = new LifecycleImpl(linesLogger().logger);
      lifecycle.register(recording('store', log));
      await lifecycle.start();
      lifecycle.register({ name: 'pool', stop: () => { log.push('stop pool'); } });
      await lifecycle.stop();
      expect(log).to.deep.equal(['start store', 'stop pool', 'stop store']);
    });

    it('starts a hook registered after startup at the next start, and stops it first', async () => {
      const log: string[] = [];
      const lifecycle = new LifecycleImpl(linesLogger().logger);
      lifecycle.register(recording('store', log));
      const first = lifecycle.start();
      await first;
      lifecycle.register(recording('server', log));
      expect(log).to.deep.equal(['start store']);
      const second = lifecycle.start();
      expect(second).not.to.equal(first);
      await second;
      expect(lifecycle.start()).to.equal(second);
      await lifecycle.stop();
      expect(log).to.deep.equal(['start store', 'start server', 'stop server', 'stop store']);
    });

    it('refuses any hook once stopping began (INTERNAL)', async () => {
      const lifecycle = new LifecycleImpl(linesLogger().logger);
      await lifecycle.stop();
      const late = thrownBy(() => lifecycle.register({ name: 'pool', stop: () => undefined }));
      expect(late.code).to.equal('INTERNAL');
      expect(late.message).to.equal('lifecycle hook "pool" was registered while Relayflow is stopped');
    });

    it('refuses a hook without a name or with a bad stopTimeout (BAD_ARGUMENT)', () => {
      const lifecycle = new LifecycleImpl(linesLogger().logger);
      expect(thrownBy(() => lifecycle.register({ name: '' })).code).to.equal('BAD_ARGUMENT');
      expect(thrownBy(() => lifecycle.register({ name: 'x', stopTimeout: -1 })).message).to.equal('lifecycle hook "x": stopTimeout must be a positive number of milliseconds (got -1)');
      expect(thrownBy(() => lifecycle.register({ name: 'x', stop: 'close' as never })).message).to.equal('lifecycle hook "x": stop must be a function');
    });
  });
});

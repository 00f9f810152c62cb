import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { logFormatFrom } from './log-destination';
import { PinoLogger, logLevel } from './pino-logger';

/** A PinoLogger writing to memory; `entries()` parses every line as JSON. */
function memoryLogger(options: { level?: string; format?: 'json' | 'pretty' } = {}) {
  const written: string[] = [];
  const logger = new PinoLogger({ level: options.level ?? 'debug', format: options.format ?? 'json', destination: { write: (text) => written.push(text) } });
  return { logger, written, entries: () => written.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('PinoLogger', () => {
  describe('JSON lines', () => {
    it('writes one parseable JSON object per line: level name, ISO time, message and fields', () => {
      const { logger, written, entries } = memoryLogger();
      logger.info('store opened', { store: 'sqlite' });
      logger.warn('careful');
      expect(written.every((line) => line.endsWith('\n') && !line.slice(0, -1).includes('\n'))).to.equal(true);
      const [first, second] = entries();
      expect(first).to.include({ level: 'info', msg: 'store opened', store: 'sqlite' });
      expect(new Date(first.time as string).toISOString()).to.equal(first.time);
      expect(second).to.include({ level: 'warn', msg: 'careful' });
    });

    it('adds a child logger\'s fields to each of its lines', () => {
      const { logger, entries } = memoryLogger();
      logger.child({ plugin: 'slack' }).child({ action: 'post' }).debug('posting');
      expect(entries()[0]).to.include({ level: 'debug', plugin: 'slack', action: 'post', msg: 'posting' });
    });

    it('renames a field named like a line key, so level and msg stay what was logged', () => {
      const { logger, entries } = memoryLogger();
      logger.child({ pid: 'child' }).info('real', { level: 'high', msg: 'other' });
      expect(entries()[0]).to.include({ level: 'info', msg: 'real', _level: 'high', _msg: 'other', _pid: 'child' });
    });

    it('keeps the message and stack of an Error under err or error', () => {
      const { logger, entries } = memoryLogger();
      logger.error('failed', { error: new Error('disk full') });
      const error = entries()[0].error as Record<string, unknown>;
      expect(error).to.include({ message: 'disk full', type: 'Error' });
      expect(error.stack).to.be.a('string');
    });
  });

  describe('levels', () => {
    it('writes from its level upward', () => {
      const { logger, entries } = memoryLogger({ level: 'warn' });
      logger.debug('d');
      logger.info('i');
      logger.warn('w');
      logger.error('e');
      expect(entries().map((e) => e.msg)).to.deep.equal(['w', 'e']);
    });

    it('writes nothing when silent', () => {
      const { logger, written } = memoryLogger({ level: 'silent' });
      logger.error('e');
      expect(written).to.deep.equal([]);
    });

    it('falls back to warn for a level it does not know, as the plain logger did', () => {
      expect([logLevel(undefined), logLevel('verbose'), logLevel(' INFO ')]).to.deep.equal(['warn', 'warn', 'info']);
    });
  });

  describe('pretty', () => {
    it('writes one readable line per entry, fields included', () => {
      const { logger, written } = memoryLogger({ format: 'pretty' });
      logger.child({ plugin: 'slack' }).info('posting to Slack', { channel: 'C1' });
      expect(written).to.have.length(1);
      expect(written[0]).to.match(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: posting to Slack \{"plugin":"slack","channel":"C1"\}\n$/);
    });
  });

  describe('format choice', () => {
    it('follows RELAYFLOW_LOG_FORMAT, else pretty on a terminal and JSON elsewhere', () => {
      expect(logFormatFrom({ RELAYFLOW_LOG_FORMAT: 'json' }, { isTTY: true })).to.equal('json');
      expect(logFormatFrom({ RELAYFLOW_LOG_FORMAT: 'pretty' }, { isTTY: false })).to.equal('pretty');
      expect(logFormatFrom({}, { isTTY: true })).to.equal('pretty');
      expect(logFormatFrom({}, {})).to.equal('json');
    });
  });

  describe('sync', () => {
    it('keeps every line when the process exits right after logging', () => {
      const script = [
        "require('tsx/cjs');",
        `const { PinoLogger } = require(${JSON.stringify(require.resolve('./pino-logger'))});`,
        "const logger = new PinoLogger({ sync: true, level: 'info', format: 'json' });",
        "for (let i = 0; i < 2000; i++) logger.info('line ' + i, { padding: 'x'.repeat(200) });",
        'process.exit(3);',
      ].join('\n');
      const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      expect(child.status, child.stderr.slice(-2000)).to.equal(3);
      const lines = child.stderr.trim().split('\n').map((line) => JSON.parse(line) as { msg: string });
      expect(lines).to.have.length(2000);
      expect(lines[1999].msg).to.equal('line 1999');
    });
  });
});

import { expect } from 'chai';
import { Agent } from 'node:http';
import { Duplex } from 'node:stream';
import { DEFAULT_IDLE_MS, failedBeforeResponse, idleWindowMs, noteKeepAlive, withIdleExpiry } from './idle-sockets';

/** A stand-in socket with the byte counters and timer calls an agent uses. */
class FakeSocket extends Duplex {
  bytesRead = 0;
  bytesWritten = 0;
  timeout = 0;
  override _read(): void {}
  override _write(_chunk: unknown, _encoding: string, callback: () => void): void { callback(); }
  setKeepAlive(): this { return this; }
  setTimeout(ms: number): this { this.timeout = ms; return this; }
  unref(): this { return this; }
}

describe('idle sockets', () => {
  describe('idleWindowMs', () => {
    it('keeps a connection a second less than the announced timeout, half of it for short ones', () => {
      expect(idleWindowMs('timeout=5')).to.equal(4000);
      expect(idleWindowMs('timeout=5, max=100')).to.equal(4000);
      expect(idleWindowMs('max=100, timeout=75')).to.equal(74000);
      expect(idleWindowMs('timeout=1')).to.equal(500);
      expect(idleWindowMs('timeout=0')).to.equal(0);
    });

    it('falls back to the default when nothing usable is announced', () => {
      expect(idleWindowMs(undefined)).to.equal(DEFAULT_IDLE_MS);
      expect(idleWindowMs('max=3')).to.equal(DEFAULT_IDLE_MS);
      expect(idleWindowMs('timeout=soon')).to.equal(DEFAULT_IDLE_MS);
    });
  });

  describe('withIdleExpiry', () => {
    const Expiring = withIdleExpiry(Agent);

    it('keeps a socket for the announced window (its idle timer set to it), and none when the server said timeout=0', () => {
      const agent = new Expiring({ keepAlive: true });
      const socket = new FakeSocket();
      noteKeepAlive(socket, 'timeout=3');
      expect(agent.keepSocketAlive(socket)).to.equal(true);
      expect(socket.timeout).to.equal(2000);
      noteKeepAlive(socket, 'timeout=0');
      expect(agent.keepSocketAlive(socket)).to.equal(false);
      agent.destroy();
    });
  });

  describe('failedBeforeResponse', () => {
    const Expiring = withIdleExpiry(Agent);

    it('allows sending again only when no response byte came back, and for other methods only when nothing was written', () => {
      const agent = new Expiring({ keepAlive: true });
      const socket = new FakeSocket();
      socket.bytesRead = 120;
      socket.bytesWritten = 80;
      agent.keepSocketAlive(socket);
      expect(failedBeforeResponse(socket, false)).to.equal(true);
      socket.bytesWritten = 150;
      expect(failedBeforeResponse(socket, false)).to.equal(false);
      expect(failedBeforeResponse(socket, true)).to.equal(true);
      socket.bytesRead = 121;
      expect(failedBeforeResponse(socket, true)).to.equal(false);
      expect(failedBeforeResponse(new FakeSocket(), true)).to.equal(false);
      agent.destroy();
    });
  });
});

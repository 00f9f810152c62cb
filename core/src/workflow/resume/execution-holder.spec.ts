import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import type { ExecutionOwner, RunningExecution } from '../../contracts/store';
import { heldByLiveProcess, resumableNow, RUN_HERE, THIS_PROCESS } from './execution-holder';

const NOW = Date.parse('2026-12-06T12:00:00Z');
const later = (ms: number): string => new Date(NOW + ms).toISOString();
/** A pid no process has: one that just exited. */
const deadPid = (): number => spawnSync(process.execPath, ['-e', '0']).pid as number;

describe('execution holder (who holds a running execution)', () => {
  const self: ExecutionOwner = THIS_PROCESS;
  const running = (owner: ExecutionOwner | undefined, leaseMs: number, parkedMs?: number): RunningExecution => ({
    id: 'e1', startedAt: later(-60_000), ...(owner ? { owner, leaseUntil: later(leaseMs) } : {}), ...(parkedMs === undefined ? {} : { parkedUntil: later(parkedMs) }),
  });

  it('on this host: a live pid with a fresh lease holds it; a gone pid does not, however fresh its lease', () => {
    const parent = { id: `${self.host}/${process.ppid}/abcd`, host: self.host, pid: process.ppid };
    expect(heldByLiveProcess(running(parent, 10_000), self, NOW)).to.equal(true);
    expect(heldByLiveProcess(running(parent, -1), self, NOW), 'a stale lease: the pid may be reused').to.equal(false);
    const gone = { id: `${self.host}/1/dead`, host: self.host, pid: deadPid() };
    expect(heldByLiveProcess(running(gone, 10_000), self, NOW)).to.equal(false);
  });

  it('this pid under another id was an earlier run of this process (a restarted container): not held', () => {
    const earlier = { id: `${self.host}/${self.pid}/0000`, host: self.host, pid: self.pid };
    expect(heldByLiveProcess(running(earlier, 10_000), self, NOW)).to.equal(false);
  });

  it('under this process\'s own id: held while it runs here', () => {
    expect(heldByLiveProcess(running(self, 10_000), self, NOW)).to.equal(false);
    RUN_HERE.set('e1', undefined);
    try {
      expect(heldByLiveProcess(running(self, 10_000), self, NOW)).to.equal(true);
    } finally {
      RUN_HERE.delete('e1');
    }
  });

  it('on another host: only the lease tells', () => {
    const elsewhere = { id: 'other-host/42/abcd', host: 'other-host', pid: 42 };
    expect(heldByLiveProcess(running(elsewhere, 1), self, NOW)).to.equal(true);
    expect(heldByLiveProcess(running(elsewhere, 0), self, NOW)).to.equal(false);
  });

  it('a parked execution is resumable when due, and no sooner; one with no holder at all at once', () => {
    expect(resumableNow(running(undefined, 0, 1_000), self, NOW)).to.equal(false);
    expect(resumableNow(running(undefined, 0, 0), self, NOW)).to.equal(true);
    expect(resumableNow(running(undefined, 0), self, NOW)).to.equal(true);
  });
});

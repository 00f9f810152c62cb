import { expect } from 'chai';
import type { ExecutionStore, RunningExecution } from '../contracts/store';
import { RUN_HERE, THIS_PROCESS } from '../workflow/resume/execution-holder';
import { QueueScan, type RoundQueue } from './queue-scan';

const silent = { debug() {}, info() {}, warn() {}, error() {}, child() { return silent; } };
const at = (ms: number): string => new Date(Date.now() + ms).toISOString();

/** A store that shows these running executions, and a queue that records rounds (DBOS's dedupe by round name included). */
function fixture(running: RunningExecution[], known: Record<string, string> = {}) {
  const rounds: string[] = [];
  const queue: RoundQueue = {
    enqueue: async (id, round) => {
      if (!(`${id}/${round}` in known)) rounds.push(`${id}/${round}`);
      known[`${id}/${round}`] = 'ENQUEUED';
    },
    roundStatus: async (id, round) => known[`${id}/${round}`],
  };
  const executions = { running: async () => running } as unknown as ExecutionStore;
  return { rounds, scan: new QueueScan(executions, queue, silent, 60_000) };
}

describe('QueueScan (what a node enqueues on a PostgreSQL store)', () => {
  const elsewhere = { id: 'other-host/42/abcd', host: 'other-host', pid: 42 };

  it('enqueues a parked execution when due, named by its due time, once', async () => {
    const due = at(-1000);
    const { rounds, scan } = fixture([
      { id: 'due', startedAt: at(-60_000), parkedUntil: due },
      { id: 'later', startedAt: at(-60_000), parkedUntil: at(60_000) },
    ]);
    await scan.start();
    await scan.stop();
    await scan.start();
    await scan.stop();
    expect(rounds, 'a second scan enqueues nothing new').to.deep.equal([`due/due-${due}`]);
  });

  it('enqueues an execution whose holder\'s lease lapsed, named by that lease; not one whose holder is alive', async () => {
    const lapsed = at(-1000);
    const { rounds, scan } = fixture([
      { id: 'lost', startedAt: at(-60_000), owner: elsewhere, leaseUntil: lapsed },
      { id: 'held', startedAt: at(-60_000), owner: elsewhere, leaseUntil: at(10_000) },
    ]);
    await scan.start();
    await scan.stop();
    expect(rounds).to.deep.equal([`lost/lost-${elsewhere.id}-${lapsed}`]);
  });

  it('enqueues the first round of an execution stored but never enqueued, once it is 10 s old; a fresh one is the queue\'s', async () => {
    const { rounds, scan } = fixture([
      { id: 'orphan', startedAt: at(-11_000) },
      { id: 'fresh', startedAt: at(-1000) },
    ]);
    await scan.start();
    await scan.stop();
    expect(rounds).to.deep.equal(['orphan/0']);
  });

  it('enqueues a new round for an unclaimed execution whose first round ended; not for one still queued', async () => {
    const { rounds, scan } = fixture([
      { id: 'ended', startedAt: at(-60_000) },
      { id: 'waiting', startedAt: at(-60_000) },
    ], { 'ended/0': 'ERROR', 'waiting/0': 'ENQUEUED' });
    await scan.start();
    await scan.stop();
    expect(rounds).to.have.length(1);
    expect(rounds[0]).to.match(/^ended\/again-\d+$/);
  });

  it('leaves alone what this process runs', async () => {
    const { rounds, scan } = fixture([{ id: 'mine', startedAt: at(-60_000), owner: THIS_PROCESS, leaseUntil: at(-1000) }]);
    RUN_HERE.set('mine', undefined);
    try {
      await scan.start();
      await scan.stop();
    } finally {
      RUN_HERE.delete('mine');
    }
    expect(rounds).to.deep.equal([]);
  });
});

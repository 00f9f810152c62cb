import { expect } from 'chai';
import { join } from 'node:path';
import { rejectionOf } from '../../../../test/support/errors';
import { tempDir } from '../../../../test/support/temp-dir';
import type { ExecutionRecord, StepRecord } from '../../tokens';
import { SqliteStore } from './sqlite-store';

const record = (id: string): ExecutionRecord => ({
  id, workflow: { id: 'w', name: 'w' }, status: 'running', startedAt: new Date().toISOString(), finishedAt: null, durationMs: null, error: null, steps: [],
});
const step = (name: string, output: unknown): StepRecord => ({
  name, type: 'console', status: 'completed', attempts: 1, startedAt: new Date().toISOString(), finishedAt: new Date().toISOString(), output, error: null,
});

describe('SqliteStore', () => {
  it('writes a step once, in the state it has when the group commit happens', async () => {
    const store = new SqliteStore(join(tempDir(), 'a.db'));
    await store.open();
    await store.executions.start(record('e1'), { yaml: 'name: w', event: {}, inputs: {} });
    const s = step('a', null);
    s.status = 'running';
    await store.executions.saveStep('e1', 0, s);
    s.status = 'completed';
    s.output = 'done';
    await store.executions.saveStep('e1', 0, s);
    const read = await store.executions.get('e1');
    expect(read?.steps).to.deep.equal([s]);
    await store.close();
  });

  it('reports a write that fails and still commits the others', async () => {
    const failures: string[] = [];
    const store = new SqliteStore(join(tempDir(), 'b.db'), (m) => failures.push(m));
    await store.open();
    await store.executions.start(record('e2'), { yaml: 'name: w', event: {}, inputs: {} });
    await store.executions.saveStep('e2', 0, step('bad', { n: 10n }));
    await store.executions.saveStep('e2', 1, step('good', 'fine'));
    const read = await store.executions.get('e2');
    expect(read?.steps.map((x) => x.name)).to.deep.equal(['good']);
    expect(failures).to.have.length(1);
    expect(failures[0]).to.match(/could not record an execution write: .*BigInt/);
    await store.executions.saveStep('e2', 0, step('bad', 'now fine'));
    expect((await store.executions.get('e2'))?.steps.map((x) => x.name)).to.deep.equal(['bad', 'good']);
    await store.close();
  });

  it('refuses writes once closed, instead of keeping them forever', async () => {
    const store = new SqliteStore(join(tempDir(), 'c.db'));
    await store.open();
    await store.close();
    const err = await rejectionOf(store.executions.start(record('e3'), { yaml: '', event: {}, inputs: {} }));
    expect(err.code).to.equal('STORE_UNAVAILABLE');
  });
});

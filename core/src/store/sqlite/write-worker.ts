// The thread that writes execution records to the SQLite file (see WorkerExecutionWriter): the
// inserts, the commits and SQLite's WAL checkpoints (which fsync) happen here, off the event
// loop that runs the workflows.
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { configureConnection, ExecutionWriteApplier, type ExecutionWrite } from './execution-writes';

/** What the main thread sends: a batch to commit, or the request to close. */
export type WriterRequest = { batch: number; writes: ExecutionWrite[] } | { close: true };
/** What this thread answers: a batch is committed (with any write that failed). */
export interface WriterReply { batch: number; failures: string[] }

const db = new Database((workerData as { file: string }).file);
configureConnection(db);
const applier = new ExecutionWriteApplier(db);

parentPort!.on('message', (request: WriterRequest) => {
  if ('close' in request) {
    db.close();
    parentPort!.close();
    return;
  }
  const reply: WriterReply = { batch: request.batch, failures: applier.apply(request.writes) };
  parentPort!.postMessage(reply);
});

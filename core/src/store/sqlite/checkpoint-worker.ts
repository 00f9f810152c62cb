// The thread that checkpoints the store's WAL into the database file (see WalCheckpointer): the
// fsyncs a checkpoint needs happen here, off the event loop that runs the workflows and commits
// their records.
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { configureConnection } from './execution-writes';

/** What the main thread sends: checkpoint now, or close. */
export type CheckpointRequest = { checkpoint: number } | { close: true };
/** What this thread answers: the checkpoint is done (or failed, with why). */
export interface CheckpointReply { checkpoint: number; failure?: string }

const db = new Database((workerData as { file: string }).file);
configureConnection(db);

parentPort!.on('message', (request: CheckpointRequest) => {
  if ('close' in request) {
    db.close();
    parentPort!.close();
    return;
  }
  const reply: CheckpointReply = { checkpoint: request.checkpoint };
  try {
    // PASSIVE: copies what it can without waiting for (or blocking) the connection that writes.
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (err) {
    reply.failure = (err as Error).message;
  }
  parentPort!.postMessage(reply);
});

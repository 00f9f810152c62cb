// An execution thread of `relayflow serve` on the embedded store (see ExecutionThreads): a
// Relayflow of its own, built as the main thread's was, with its own connection to the store. It
// runs the stored executions the main thread hands it, as a PostgreSQL worker runs those it takes
// from the queue: claim (a lease, held as the process), run, record, say it ended.
import { parentPort, threadId, workerData } from 'node:worker_threads';
import { ConnectorLimiter } from '../contracts/connector-limiter';
import type { ExecutionStatus } from '../contracts/execution-record';
import { Store } from '../contracts/store';
import { WorkflowService } from '../contracts/workflow-service';
import { PinoLogger } from '../logging/pino-logger';
import { createContainer, createRelayflow } from '../runtime/create-relayflow';
import type { Relayflow } from '../runtime/relayflow';
import { ThreadConnectorLimiter } from './limits-across-threads';
import { threadError, type ExecutionThreadData, type FromThread, type ToThread } from './thread-messages';

const port = parentPort!;
const post = (message: FromThread): void => port.postMessage(message);
const limiter = new ThreadConnectorLimiter(post);
const data = workerData as ExecutionThreadData;
const logger = new PinoLogger({ sync: true, format: data.logFormat }).child({ component: 'execution-thread', thread: threadId });

async function begin(): Promise<void> {
  const container = createContainer();
  // Limits count over every thread: the main thread's limiter grants the slots.
  container.bind<ConnectorLimiter>(ConnectorLimiter).toConstantValue(limiter);
  let rf: Relayflow;
  try {
    rf = await createRelayflow({ ...data.relayflow, container, logger });
  } catch (err) {
    post({ failed: threadError(err) });
    port.close();
    return;
  }
  const workflows = rf.container.get<WorkflowService>(WorkflowService);
  const executions = rf.container.get<Store>(Store).executions;

  /** The executions handed here, each with what cancels it (also before it is claimed). */
  const runs = new Map<string, AbortController>();
  const run = async (executionId: string): Promise<void> => {
    const controller = new AbortController();
    runs.set(executionId, controller);
    logger.debug('running an execution', { executionId });
    let status: ExecutionStatus | undefined;
    try {
      status = (await workflows.runQueued(executionId, { parkLongWaits: true, signal: controller.signal }))?.status;
      // Committed before the main thread hears of it (it may read the record, or stop the thread).
      await executions.checkpoint();
    } catch (err) {
      logger.error('could not run an execution', { executionId, error: (err as Error)?.message });
    }
    runs.delete(executionId);
    post({ ended: executionId, ...(status ? { status } : {}) });
  };

  port.on('message', (message: ToThread) => {
    if ('run' in message) void run(message.run);
    else if ('cancel' in message) runs.get(message.cancel)?.abort();
    else if ('stop' in message) void rf.stop().finally(() => port.close());
    else limiter.answer(message);
  });
  post({ ready: true });
}

void begin();

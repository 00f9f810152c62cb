import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import type { CliReply, CliRequest } from './cli-worker';

/** How a CLI run ended, in-process or as a child process. */
export interface CliOutcome {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** It did not end within the time limit (and was stopped). */
  timedOut: boolean;
  /** What went wrong outside the command's output: unhandled rejections, a crashed worker. */
  crashes: string[];
}

/**
 * Runs `relayflow` commands in-process — `main(argv, io)`, the CLI's own code path, with captured
 * streams — in a worker thread, so that a case that never ends (even a loop that never yields)
 * is stopped at the time limit: the worker is terminated and a new one takes the next case.
 * One command at a time.
 */
export class InProcessCli {
  private worker?: Worker;
  private nextId = 1;
  private waiting?: { id: number; resolve: (reply: CliReply) => void; reject: (err: Error) => void };

  /** @param env - the worker's environment (as a child process's) */
  constructor(private readonly env: NodeJS.ProcessEnv) {}

  /** Runs `relayflow ARGS`; never rejects: a timeout or a crash is part of the outcome. */
  async run(args: string[], timeLimitMs: number): Promise<CliOutcome> {
    const worker = this.start();
    const id = this.nextId++;
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      const reply = await new Promise<CliReply>((resolve, reject) => {
        this.waiting = { id, resolve, reject };
        timer = setTimeout(() => reject(new TimeLimit()), timeLimitMs);
        worker.postMessage({ id, args } satisfies CliRequest);
      });
      return { code: reply.code, stdout: reply.stdout, stderr: reply.stderr, ms: reply.ms, timedOut: false, crashes: reply.unhandled };
    } catch (err) {
      await this.stop();
      const ms = performance.now() - started;
      if (err instanceof TimeLimit) return { code: null, stdout: '', stderr: '', ms, timedOut: true, crashes: [] };
      return { code: null, stdout: '', stderr: '', ms, timedOut: false, crashes: [`the worker died: ${(err as Error).stack ?? String(err)}`] };
    } finally {
      clearTimeout(timer);
      this.waiting = undefined;
    }
  }

  /** Ends the worker (a later `run` starts another). */
  async stop(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    // The worker loads the TypeScript sources as the tests do (tsx; --conditions comes with execArgv).
    const worker = new Worker(`require('tsx/cjs'); require(${JSON.stringify(join(__dirname, 'cli-worker.ts'))});`, {
      eval: true,
      env: this.env,
      resourceLimits: { maxOldGenerationSizeMb: 1536 },
      stdout: false,
      stderr: false,
    });
    worker.on('message', (reply: CliReply) => {
      if (this.waiting?.id === reply.id) this.waiting.resolve(reply);
    });
    worker.on('error', (err) => this.waiting?.reject(err));
    worker.on('exit', (code) => {
      if (this.worker === worker) this.worker = undefined;
      this.waiting?.reject(new Error(`the worker exited with code ${code}`));
    });
    worker.unref();
    this.worker = worker;
    return worker;
  }
}

class TimeLimit extends Error {}

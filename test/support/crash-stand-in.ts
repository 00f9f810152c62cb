import type { ServerResponse } from 'node:http';
import { sendJson, startTestServer, type ReceivedRequest, type TestServer } from './test-server';

/**
 * A stand-in that counts requests per path and holds the ones a test marks (`/path#N`: the N-th
 * request to /path) without answering: the step is in flight while the process is killed.
 */
export class CrashStandIn {
  readonly held: ServerResponse[] = [];
  readonly hold = new Set<string>();
  /** Answers by path and request number (default: 200 with the path). */
  answer: (path: string, nth: number) => { status: number; body?: unknown } = (path) => ({ status: 200, body: { path } });
  private constructor(readonly server: TestServer) {}

  static async start(): Promise<CrashStandIn> {
    const standIn: CrashStandIn = new CrashStandIn(await startTestServer((req, res) => standIn.handle(req, res)));
    return standIn;
  }

  get url(): string {
    return this.server.url;
  }

  requests(path: string): ReceivedRequest[] {
    return this.server.requests.filter((r) => r.path === path);
  }

  count(path: string): number {
    return this.requests(path).length;
  }

  /** Every path requested, in order. */
  paths(): string[] {
    return this.server.requests.map((r) => r.path);
  }

  private handle(req: ReceivedRequest, res: ServerResponse): void {
    const nth = this.count(req.path);
    if (this.hold.has(`${req.path}#${nth}`)) {
      this.held.push(res);
      return;
    }
    const { status, body } = this.answer(req.path, nth);
    sendJson(res, status, body ?? { path: req.path });
  }

  close(): Promise<void> {
    for (const res of this.held) res.destroy();
    return this.server.close();
  }
}

/** Waits until `check` holds (polling), failing after `ms`. */
export async function until(what: string, check: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

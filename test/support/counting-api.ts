import { sendJson, startTestServer, type TestServer } from './test-server';

/** A stand-in API on 127.0.0.1 that counts the requests in flight and notes when each arrived. */
export interface CountingApi {
  server: TestServer;
  /** The most requests it held at once since the last reset. */
  maxInFlight: number;
  /** When each request arrived (ms since the last reset), in order. */
  arrivals: Array<{ path: string; at: number }>;
  reset(): void;
}

export async function startCountingApi(): Promise<CountingApi> {
  let inFlight = 0;
  let t0 = Date.now();
  const api: CountingApi = {
    server: undefined as unknown as TestServer,
    maxInFlight: 0,
    arrivals: [],
    reset() {
      api.maxInFlight = 0;
      api.arrivals = [];
      t0 = Date.now();
    },
  };
  api.server = await startTestServer(async (req, res) => {
    inFlight++;
    api.maxInFlight = Math.max(api.maxInFlight, inFlight);
    api.arrivals.push({ path: req.path, at: Date.now() - t0 });
    const delay = Number(req.query.delay ?? 50);
    await new Promise((resolve) => setTimeout(resolve, delay));
    inFlight--;
    sendJson(res, 200, { path: req.path });
  });
  return api;
}

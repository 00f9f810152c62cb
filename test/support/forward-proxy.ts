import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

/** What a forward proxy was asked to do. */
export interface ProxiedRequest {
  /** `CONNECT` for a tunnel (https targets), else the HTTP method of an absolute-URI request. */
  method: string;
  /** `host:port` of the target. */
  target: string;
  headers: Record<string, string | string[] | undefined>;
}

/** A small forward proxy on 127.0.0.1: absolute-URI HTTP requests and CONNECT tunnels. */
export interface ForwardProxy {
  url: string;
  port: number;
  requests: ProxiedRequest[];
  close(): Promise<void>;
}

/**
 * Starts a forward proxy that forwards plain HTTP requests (absolute URIs) and opens CONNECT
 * tunnels, recording each. With `requireAuth`, requests without that exact
 * `Proxy-Authorization` value get 407. `resolve` maps names to addresses the way a proxy's own
 * DNS would (e.g. `*.relayflow.test` to 127.0.0.1); `route` maps a name and port to another
 * host and port (e.g. `api.thirdparty.com:443` to a local stand-in).
 */
export async function startForwardProxy(options: {
  requireAuth?: string;
  resolve?: (hostname: string) => string | undefined;
  route?: (hostname: string, port: number) => { host: string; port: number } | undefined;
} = {}): Promise<ForwardProxy> {
  const address = (hostname: string): string => options.resolve?.(hostname) ?? hostname;
  const destination = (hostname: string, port: number): { host: string; port: number } => options.route?.(hostname, port) ?? { host: address(hostname), port };
  const requests: ProxiedRequest[] = [];
  const sockets = new Set<Socket>();
  const authorized = (req: IncomingMessage): boolean => !options.requireAuth || req.headers['proxy-authorization'] === options.requireAuth;
  const server: Server = createServer((req, res) => {
    const target = new URL(req.url ?? '');
    requests.push({ method: req.method ?? 'GET', target: `${target.hostname}:${target.port || 80}`, headers: req.headers });
    if (!authorized(req)) {
      res.writeHead(407, { 'proxy-authenticate': 'Basic realm="test"' });
      res.end();
      return;
    }
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    delete headers['proxy-connection'];
    const to = destination(target.hostname, Number(target.port || 80));
    const upstream = httpRequest({ hostname: to.host, port: to.port, path: `${target.pathname}${target.search}`, method: req.method, headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    requests.push({ method: 'CONNECT', target: req.url ?? '', headers: req.headers });
    if (!authorized(req)) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\n\r\n');
      return;
    }
    const [host, port] = (req.url ?? '').split(/:(?=\d+$)/);
    const to = destination(host.replace(/^\[|\]$/g, ''), Number(port));
    const upstream = connect(to.port, to.host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}

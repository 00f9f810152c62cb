import { expect } from 'chai';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import type { ActionError } from '../contracts/action-result';
import { loadConfig } from '../config/config-loader';
import { EgressHttpClient } from './egress-http-client';
import { OAuth2TokenCache, type OAuth2AccessToken, type OAuth2ClientCredentials } from './oauth2-client-credentials';

interface Seen {
  headers: IncomingMessage['headers'];
  form: Record<string, string>;
}
interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body?: string | object;
}
type Handler = (seen: Seen) => Reply | Promise<Reply>;

/** A token endpoint on 127.0.0.1 that records every request and answers through `handler`. */
async function startTokenServer(): Promise<{ url: string; port: number; seen: Seen[]; handle(h: Handler): void; close(): Promise<void> }> {
  const seen: Seen[] = [];
  let handler: Handler = () => ({ status: 500 });
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const entry = { headers: req.headers, form: Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))) };
      seen.push(entry);
      void Promise.resolve(handler(entry)).then((reply) => {
        const body = typeof reply.body === 'string' ? reply.body : reply.body === undefined ? '' : JSON.stringify(reply.body);
        const type = typeof reply.body === 'object' ? { 'content-type': 'application/json' } : {};
        res.writeHead(reply.status ?? 200, { ...type, ...reply.headers });
        res.end(body);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/token`, port, seen,
    handle(h) {
      handler = h;
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

function egress(networking: Record<string, unknown> = {}): EgressHttpClient {
  const { config } = loadConfig({ config: { networking: { allowedHosts: ['127.0.0.1'], ...networking } }, env: {} });
  return new EgressHttpClient(config);
}

function token(value: OAuth2AccessToken | ActionError): OAuth2AccessToken {
  expect((value as ActionError).status, JSON.stringify(value)).not.to.equal('error');
  return value as OAuth2AccessToken;
}

function failure(value: OAuth2AccessToken | ActionError): ActionError {
  expect((value as ActionError).status, JSON.stringify(value)).to.equal('error');
  return value as ActionError;
}

const SECRET = 'cl!ent s3cret/+&=';

describe('OAuth2TokenCache', () => {
  let idp: Awaited<ReturnType<typeof startTokenServer>>;
  let http: EgressHttpClient;
  let clock: { now: number };
  let cache: OAuth2TokenCache;
  let issued: number;
  let settings: OAuth2ClientCredentials;

  /** Issues tok-1, tok-2, ... as JSON (expires_in when given). */
  const issuing = (extra: Record<string, unknown> = { expires_in: 600 }): Handler => () => ({ body: { access_token: `tok-${++issued}`, token_type: 'bearer', ...extra } });

  before(async () => {
    idp = await startTokenServer();
    http = egress();
  });
  after(async () => {
    http.close();
    await idp.close();
  });
  beforeEach(() => {
    idp.seen.length = 0;
    issued = 0;
    clock = { now: Date.UTC(2026, 0, 15, 12) };
    cache = new OAuth2TokenCache({ now: () => clock.now });
    settings = { accessTokenUrl: idp.url, clientId: 'relayflow', clientSecret: SECRET, scope: 'alerts.write', additionalFields: { audience: 'soc', max_age: 5, skipped: null } };
    idp.handle(issuing());
  });

  describe('.get', () => {
    it('posts the client credentials as a form and returns a Bearer token', async () => {
      const got = token(await cache.get(settings, http));
      expect(got.header).to.equal('Bearer tok-1');
      expect(got.value).to.equal('tok-1');
      expect(got.expiresAt).to.equal(clock.now + 600_000 - 30_000);
      expect(idp.seen).to.have.length(1);
      expect(idp.seen[0].headers['content-type']).to.equal('application/x-www-form-urlencoded');
      expect(idp.seen[0].headers.accept).to.equal('application/json');
      expect(idp.seen[0].form).to.deep.equal({
        grant_type: 'client_credentials', client_id: 'relayflow', client_secret: SECRET, scope: 'alerts.write', audience: 'soc', max_age: '5',
      });
    });

    it('leaves scope out when there is none', async () => {
      token(await cache.get({ accessTokenUrl: idp.url, clientId: 'c', clientSecret: SECRET }, http));
      expect(idp.seen[0].form).to.deep.equal({ grant_type: 'client_credentials', client_id: 'c', client_secret: SECRET });
    });

    it('caches the token per settings, keyed without the secret in clear', async () => {
      const first = token(await cache.get(settings, http));
      expect(token(await cache.get(settings, http))).to.equal(first);
      expect(token(await cache.get({ ...settings }, http))).to.equal(first); // equal settings, another object
      expect(idp.seen).to.have.length(1);
      const other = token(await cache.get({ ...settings, clientSecret: 'another-secret' }, http));
      expect(other.value).to.equal('tok-2');
      expect(inspect(cache, { depth: 10, showHidden: true })).not.to.contain(SECRET).and.not.to.contain('another-secret');
      expect(token(await new OAuth2TokenCache().get(settings, http)).value).to.equal('tok-3'); // caches do not share
    });

    it('drops a token min(30 s, a tenth of its lifetime) before it expires', async () => {
      const start = clock.now;
      token(await cache.get(settings, http));
      clock.now = start + 569_999;
      expect(token(await cache.get(settings, http)).value).to.equal('tok-1');
      clock.now = start + 570_000;
      expect(token(await cache.get(settings, http)).value).to.equal('tok-2');

      idp.handle(issuing({ expires_in: '60' }));
      clock.now += 10 * 60_000;
      const short = token(await cache.get(settings, http));
      expect(short.expiresAt).to.equal(clock.now + 54_000);
      clock.now += 53_999;
      expect(token(await cache.get(settings, http))).to.equal(short);
      clock.now += 1;
      expect(token(await cache.get(settings, http)).value).to.equal('tok-4');
    });

    it('keeps a token without expires_in until it is invalidated', async () => {
      idp.handle(issuing({}));
      const first = token(await cache.get(settings, http));
      expect(first.expiresAt).to.equal(Number.POSITIVE_INFINITY);
      clock.now += 365 * 24 * 3_600_000;
      expect(token(await cache.get(settings, http))).to.equal(first);
      cache.invalidate(settings, first);
      expect(token(await cache.get(settings, http)).value).to.equal('tok-2');
      expect(idp.seen).to.have.length(2);
    });

    it('reads form-encoded answers and keeps a token_type other than bearer', async () => {
      idp.handle(() => ({ headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `access_token=gho_${++issued}&token_type=MAC&expires_in=60` }));
      const got = token(await cache.get(settings, http));
      expect(got.header).to.equal('MAC gho_1');
      expect(got.expiresAt).to.equal(clock.now + 54_000);
    });

    it('reads JSON sent as text/plain', async () => {
      idp.handle(() => ({ headers: { 'content-type': 'text/plain' }, body: '{"access_token":"plain-1","expires_in":120}' }));
      expect(token(await cache.get(settings, http)).header).to.equal('Bearer plain-1');
    });
  });

  describe('.invalidate', () => {
    it('forgets only the token it is given, not a newer one', async () => {
      const first = token(await cache.get(settings, http));
      cache.invalidate(settings, first);
      const second = token(await cache.get(settings, http));
      cache.invalidate(settings, first); // a late 401 for the old token
      expect(token(await cache.get(settings, http))).to.equal(second);
      expect(idp.seen).to.have.length(2);
    });
  });

  describe('errors', () => {
    it('names the endpoint, the status and an excerpt, never the secret, and caches nothing', async () => {
      const encoded = new URLSearchParams({ s: SECRET }).toString().slice(2);
      idp.handle(() => ({ status: 401, body: { error: 'invalid_client', error_description: `bad secret ${SECRET} (${encoded})` } }));
      const err = failure(await cache.get(settings, http));
      expect(err.message).to.match(new RegExp(`^error getting an OAuth2 access token from http://127\\.0\\.0\\.1:${idp.port}/token: 401 Unauthorized — .*invalid_client`));
      expect(err.serviceMessage).to.equal('bad secret [REDACTED] ([REDACTED])');
      expect(err.retry).to.equal(false);
      expect(err.details).to.deep.equal({ tokenStatus: 401 });
      expect(JSON.stringify(err)).not.to.contain(SECRET).and.not.to.contain(encoded);

      idp.handle(issuing());
      expect(token(await cache.get(settings, http)).value).to.equal('tok-1');
      expect(idp.seen).to.have.length(2);
    });

    it('reads a form-encoded error answer', async () => {
      idp.handle(() => ({ status: 400, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'error=invalid_scope&error_description=scope+not+allowed' }));
      const err = failure(await cache.get(settings, http));
      expect(err.message).to.contain('400 Bad Request — error=invalid_scope');
      expect(err.serviceMessage).to.equal('scope not allowed');
    });

    it('retries 429 and 5xx answers (at Retry-After when given)', async () => {
      idp.handle(() => ({ status: 503, headers: { 'retry-after': '20' }, body: 'maintenance' }));
      const err = failure(await cache.get(settings, http));
      expect(err.retry).to.be.instanceOf(Date);
      expect((err.retry as Date).getTime() - Date.now()).to.be.within(15_000, 20_000);
      idp.handle(() => ({ status: 429 }));
      expect(failure(await cache.get(settings, http)).retry).to.equal(true);
    });

    it('refuses a 2xx answer without an access_token, without repeating the body', async () => {
      idp.handle(() => ({ body: { refresh_token: 'rt-should-not-show', token_type: 'bearer' } }));
      const err = failure(await cache.get(settings, http));
      expect(err.message).to.equal(`error getting an OAuth2 access token from http://127.0.0.1:${idp.port}/token: the answer (200, application/json) has no access_token`);
      expect(err.retry).to.equal(false);
      idp.handle(() => ({ body: 'ok' }));
      expect(failure(await cache.get(settings, http)).message).to.contain('the answer (200, no content type) has no access_token');
    });

    it('shows the endpoint without credentials, query or fragment', async () => {
      idp.handle(() => ({ status: 403, body: 'no' }));
      const err = failure(await cache.get({ ...settings, accessTokenUrl: `http://user:pw-in-url@127.0.0.1:${idp.port}/token?key=qs-secret#frag` }, http));
      expect(err.message).to.match(new RegExp(`from http://127\\.0\\.0\\.1:${idp.port}/token: .*403`));
      expect(err.message).not.to.contain('pw-in-url').and.not.to.contain('qs-secret').and.not.to.contain('frag');
    });

    it('classifies egress failures: network errors retry, refusals do not', async () => {
      const closed = await startTokenServer();
      await closed.close();
      const down = failure(await cache.get({ ...settings, accessTokenUrl: closed.url }, http));
      expect(down.message).to.match(/^error getting an OAuth2 access token from http:\/\/127\.0\.0\.1:\d+\/token: request to 127\.0\.0\.1:\d+ failed/);
      expect(down.retry).to.equal(true);

      const refused = failure(await cache.get({ ...settings, accessTokenUrl: `http://localhost:${idp.port}/token` }, http));
      expect(refused.message).to.contain('networking.allowedHosts');
      expect(refused.retry).to.equal(false);
      expect(refused.details).to.deep.include({ code: 'HOST_NOT_ALLOWED' });
      expect(idp.seen).to.have.length(0);
      expect(JSON.stringify([down, refused])).not.to.contain(SECRET);
    });
  });

  describe('concurrency', () => {
    /** Holds every token request until `release()`. */
    function holding(): { release(): void } {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      idp.handle(async () => {
        await gate;
        return { body: { access_token: `tok-${++issued}`, expires_in: 600 } };
      });
      return { release };
    }

    async function until(check: () => boolean): Promise<void> {
      for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
      expect(check()).to.equal(true);
    }

    it('shares one token request between concurrent callers', async () => {
      const gate = holding();
      const waits = [1, 2, 3].map(() => cache.get(settings, http, { signal: new AbortController().signal }));
      await until(() => idp.seen.length === 1);
      gate.release();
      const got = (await Promise.all(waits)).map(token);
      expect(got.map((t) => t.value)).to.deep.equal(['tok-1', 'tok-1', 'tok-1']);
      expect(idp.seen).to.have.length(1);
    });

    it('ends only the aborted caller\'s wait: the shared request goes on for the others', async () => {
      const gate = holding();
      const first = new AbortController();
      const firstWait = cache.get(settings, http, { signal: first.signal });
      const secondWait = cache.get(settings, http, { signal: new AbortController().signal });
      await until(() => idp.seen.length === 1);

      first.abort();
      const aborted = failure(await firstWait);
      expect(aborted.message).to.equal(`error getting an OAuth2 access token from http://127.0.0.1:${idp.port}/token: waiting for a token from 127.0.0.1:${idp.port} was aborted (the step was cancelled or timed out)`);
      expect(aborted.retry).to.equal(false);
      expect(aborted.details).to.deep.include({ code: 'HTTP_ABORTED' });

      gate.release();
      expect(token(await secondWait).value).to.equal('tok-1');
      expect(token(await cache.get(settings, http)).value).to.equal('tok-1');
      expect(idp.seen).to.have.length(1);
    });

    it('caches the token even when every waiter gave up', async () => {
      const gate = holding();
      const only = new AbortController();
      const wait = cache.get(settings, http, { signal: only.signal });
      await until(() => idp.seen.length === 1);
      only.abort();
      expect(failure(await wait).details).to.deep.include({ code: 'HTTP_ABORTED' });
      gate.release();
      await until(() => issued === 1);
      expect(token(await cache.get(settings, http)).value).to.equal('tok-1');
      expect(idp.seen).to.have.length(1);
    });

    it('sends nothing for a caller whose signal is already aborted', async () => {
      const controller = new AbortController();
      controller.abort();
      expect(failure(await cache.get(settings, http, { signal: controller.signal })).details).to.deep.include({ code: 'HTTP_ABORTED' });
      expect(idp.seen).to.have.length(0);
    });

    it('bounds the shared request by networking.responseTimeout', async () => {
      const quick = egress({ responseTimeout: '200ms' });
      const gate = holding();
      try {
        const err = failure(await cache.get(settings, quick, { signal: new AbortController().signal }));
        expect(err.details).to.deep.include({ code: 'HTTP_TIMEOUT' });
        expect(err.message).to.contain('networking.responseTimeout');
        expect(err.retry).to.equal(true);
      } finally {
        gate.release();
        quick.close();
      }
    });
  });
});

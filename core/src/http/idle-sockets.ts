import type { Agent as HttpAgent, ClientRequest, RequestOptions } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * How long an idle pooled connection is kept when the server does not announce its own
 * keep-alive timeout: under the 5 s of Node's and Apache's defaults, the shortest common ones.
 */
export const DEFAULT_IDLE_MS = 4000;
/** An idle connection is given up this long (at most half the server's timeout) before the server would close it. */
const SAFETY_MARGIN_MS = 1000;
const KEEP_ALIVE_TIMEOUT = /(?:^|[,;\s])timeout\s*=\s*(\d+)/i;

/** What is known of one pooled socket: the server's keep-alive window and its byte counts when it went idle. */
interface SocketState {
  /** How long the socket may stay idle (from the last response's `Keep-Alive: timeout`). */
  idleMs: number;
  /** When it went back to the pool (ms, `performance.now()`), or -1 while in use. */
  idleSince: number;
  bytesRead: number;
  bytesWritten: number;
  /** TCP keep-alive probes are on (set once per socket, not on every return to the pool). */
  probes: boolean;
}

const states = new WeakMap<object, SocketState>();

function stateOf(socket: object): SocketState {
  let state = states.get(socket);
  if (!state) {
    state = { idleMs: DEFAULT_IDLE_MS, idleSince: -1, bytesRead: 0, bytesWritten: 0, probes: false };
    states.set(socket, state);
  }
  return state;
}

/**
 * How long a connection may idle given a response's `Keep-Alive` header: the announced
 * `timeout` less a margin (1 s, or half of it for short ones), {@link DEFAULT_IDLE_MS}
 * without one, 0 (do not keep it) for `timeout=0`.
 */
export function idleWindowMs(keepAlive: string | string[] | undefined): number {
  const text = Array.isArray(keepAlive) ? keepAlive.join(',') : keepAlive;
  const match = text ? KEEP_ALIVE_TIMEOUT.exec(text) : null;
  if (!match) return DEFAULT_IDLE_MS;
  const ms = Number(match[1]) * 1000;
  return ms - Math.min(SAFETY_MARGIN_MS, ms / 2);
}

/** Records the `Keep-Alive` header of the response a socket just carried (called as the response arrives). */
export function noteKeepAlive(socket: object | null | undefined, keepAlive: string | string[] | undefined): void {
  if (!socket) return;
  const state = stateOf(socket);
  state.idleMs = keepAlive === undefined ? DEFAULT_IDLE_MS : idleWindowMs(keepAlive);
}

/**
 * True when a request that failed on a reused socket can be sent again on a new connection:
 * not one byte of a response came back since the socket went idle, and either the method is
 * idempotent or not one byte of this request was written to the socket.
 */
export function failedBeforeResponse(socket: Duplex | null | undefined, idempotent: boolean): boolean {
  if (!socket) return false;
  const state = states.get(socket);
  if (!state) return false;
  const counted = socket as CountedSocket;
  if (counted.bytesRead !== state.bytesRead) return false;
  return idempotent || counted.bytesWritten === state.bytesWritten;
}

type FreeSockets = Record<string, Duplex[] | undefined>;

/** Closes an agent's idle sockets, every one of them (after one was found dead: with LIFO reuse it was the freshest). */
export function dropIdleSockets(agent: HttpAgent): void {
  const free = agent.freeSockets as unknown as FreeSockets;
  for (const name of Object.keys(free)) {
    const list = free[name];
    // Out of the free list first: the agent would otherwise hand a socket out before its 'close'.
    delete free[name];
    for (const socket of list ?? []) socket.destroy();
  }
}

/**
 * Closes the idle sockets past their window. A free list is in the order sockets went idle, so
 * the scan stops at the first live one; the newest (the one LIFO reuse takes next) is checked too.
 */
function dropExpiredSockets(agent: HttpAgent): void {
  const free = agent.freeSockets as unknown as FreeSockets;
  const names = Object.keys(free);
  if (names.length === 0) return;
  const now = performance.now();
  const expired = (socket: Duplex): boolean => {
    const state = states.get(socket);
    return state !== undefined && state.idleSince >= 0 && now - state.idleSince >= state.idleMs;
  };
  for (const name of names) {
    const list = free[name];
    if (!list) continue;
    let stale = 0;
    while (stale < list.length && expired(list[stale])) stale++;
    const dropped = list.splice(0, stale);
    if (list.length > 0 && expired(list[list.length - 1])) dropped.push(list.pop() as Duplex);
    if (list.length === 0) delete free[name];
    for (const socket of dropped) socket.destroy();
  }
}

interface AgentInternals {
  addRequest(req: ClientRequest, options: RequestOptions): void;
}

/** A mixin's base class takes any constructor arguments. */
type AgentClass = new (...args: any[]) => HttpAgent;

interface CountedSocket extends Duplex {
  bytesRead?: number;
  bytesWritten?: number;
  timeout?: number;
  setKeepAlive?(enable: boolean, initialDelay: number): void;
  setTimeout?(ms: number): void;
  unref?(): void;
}

/**
 * An agent class whose idle keep-alive sockets never outlive the server's patience: each is
 * kept for the window the last response announced (`Keep-Alive: timeout=N`, less a margin;
 * {@link DEFAULT_IDLE_MS} when none), closed by a timer when idle that long, and checked again
 * when a request would reuse it (a busy event loop may not have run that timer). Node's own
 * agent ignores the announced timeout unless an agent-wide timeout is set, and then reuses a
 * socket the server has closed: `ECONNRESET: socket hang up`.
 */
export function withIdleExpiry<T extends AgentClass>(Base: T): T {
  class IdleExpiringAgent extends Base {
    override keepSocketAlive(socket: Duplex): boolean {
      const state = stateOf(socket);
      if (state.idleMs <= 0) return false;
      const counted = socket as CountedSocket;
      if (!state.probes) {
        counted.setKeepAlive?.(true, (this as { keepAliveMsecs?: number }).keepAliveMsecs ?? 1000);
        state.probes = true;
      }
      counted.unref?.();
      if (counted.timeout !== state.idleMs) counted.setTimeout?.(state.idleMs);
      state.idleSince = performance.now();
      state.bytesRead = counted.bytesRead ?? 0;
      state.bytesWritten = counted.bytesWritten ?? 0;
      return true;
    }

    override reuseSocket(socket: Duplex, req: ClientRequest): void {
      super.reuseSocket(socket, req);
      const state = states.get(socket);
      if (state) state.idleSince = -1;
    }

    addRequest(req: ClientRequest, options: RequestOptions): void {
      dropExpiredSockets(this);
      (Base.prototype as unknown as AgentInternals).addRequest.call(this, req, options);
    }
  }
  return IdleExpiringAgent;
}

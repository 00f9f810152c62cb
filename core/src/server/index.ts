/**
 * `@relayflow/core/server`: the REST server of contract §9, a separate entry so that hosts
 * embedding Relayflow without it never load Fastify. `relayflow serve` imports it lazily.
 */
export { createServer } from './create-server';
export type { CreateServerOptions, RelayflowServer } from './create-server';
export { serve } from './serve';
export type { ServeOptions } from './serve';
export { DEFAULT_SERVER_OPTIONS, parseRate, resolveServerOptions } from './server-options';
export type { ServerOptions, ServerSettingsInput } from './server-options';
export type { Authenticate } from './auth';
export type { RelayflowApi } from './relayflow-api';
export type { ErrorBody, ProblemBody } from './error-reply';

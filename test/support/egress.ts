import { expect } from 'chai';
import type { RelayflowError, RelayflowErrorCode } from '@relayflow/core';
import { rejectionOf } from './errors';
import { loadConfig } from '../../core/src/config/config-loader';
import { EgressHttpClient } from '../../core/src/http/egress-http-client';

const clients: EgressHttpClient[] = [];

/**
 * An egress client for `networking` settings, validated as relayflow.yaml would be. Its pooled
 * connections are closed by {@link closeEgressClients}.
 */
export function egressClient(networking: Record<string, unknown> = {}, baseDir?: string): EgressHttpClient {
  const { config } = loadConfig({ config: { networking }, env: {} });
  const client = new EgressHttpClient(config, baseDir ? { baseDir, dataDir: baseDir, env: {} } : undefined);
  clients.push(client);
  return client;
}

/** Closes the pooled connections of every client made by {@link egressClient}. */
export function closeEgressClients(): void {
  for (const client of clients.splice(0)) client.close();
}

/** Awaits `promise`, expects it to reject with a RelayflowError of `code`, and returns the error. */
export async function rejection(promise: Promise<unknown>, code: RelayflowErrorCode): Promise<RelayflowError> {
  const err = await rejectionOf(promise);
  expect(err.code, err.message).to.equal(code);
  return err;
}

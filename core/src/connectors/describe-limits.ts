import type { ConnectorLimits } from '../contracts/connector-limiter';

/**
 * Limits in words for people: `concurrency 2, rate 10/s`; `none` without any. Apart from
 * connector-limits.ts (which checks them with class-validator) so that the CLI's `connectors`
 * command, loaded for every `--help`, does not load the validator.
 */
export function describeLimits(limits: ConnectorLimits | undefined): string {
  const parts = [
    limits?.concurrency === undefined ? undefined : `concurrency ${limits.concurrency}`,
    limits?.rate === undefined ? undefined : `rate ${limits.rate}`,
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : 'none';
}

import type { ConnectorLimits } from '../contracts/connector-limiter';
import { IsOptional, ValidateBy } from '../validation/class-validator-parts';
import { formatPath, validateClass, type FieldPath, type FieldProblem } from '../validation/class-validation';

/** A connector's `rate` as a count per period: what DBOS queues take as their `rateLimit`. */
export interface ConnectorRate {
  /** Action starts allowed per period (at least 1). */
  limitPerPeriod: number;
  /** The period in seconds (at least 1, at most {@link MAX_RATE_PERIOD_SEC}). */
  periodSec: number;
}

/** The longest period a rate may have: a day. */
export const MAX_RATE_PERIOD_SEC = 86_400;

/** What a rate may be, in words, for messages. */
export const CONNECTOR_RATE_RULE = 'a count per period such as 10/s, 100/min, 1000/h or 5/10s (5 per 10 seconds)';

const RATE = /^\s*(\d{1,15})\s*\/\s*(\d{1,15})?\s*(s|sec|second|m|min|minute|h|hr|hour)\s*$/i;
const UNIT_SEC: Record<string, number> = { s: 1, m: 60, h: 3600 };

/**
 * Parses a connector's `rate`: `N/s`, `N/min`, `N/h`, or `N/<k>s|m|h` (`5/10s`: 5 per 10 seconds).
 * The unit may also be written `sec`, `second`, `m`, `minute`, `hr` or `hour`.
 * @returns the count and the period in seconds, or undefined when the text is not a rate, the
 *   count or the period is 0, or the period is longer than a day
 */
export function parseConnectorRate(text: unknown): ConnectorRate | undefined {
  if (typeof text !== 'string') return undefined;
  const match = RATE.exec(text);
  if (!match) return undefined;
  const limitPerPeriod = Number(match[1]);
  const periodSec = Number(match[2] ?? 1) * UNIT_SEC[match[3][0].toLowerCase()];
  if (!Number.isSafeInteger(limitPerPeriod) || limitPerPeriod < 1 || periodSec < 1 || periodSec > MAX_RATE_PERIOD_SEC) return undefined;
  return { limitPerPeriod, periodSec };
}

function IsConcurrency(): PropertyDecorator {
  return ValidateBy({
    name: 'isConcurrency',
    validator: {
      validate: (value) => Number.isSafeInteger(value) && (value as number) >= 1,
      defaultMessage: (args) => `${args?.property} must be a whole number of at least 1: the most actions of the connector in flight at once (got ${JSON.stringify(args?.value)})`,
    },
  });
}

function IsConnectorRate(): PropertyDecorator {
  return ValidateBy({
    name: 'isConnectorRate',
    validator: {
      validate: (value) => parseConnectorRate(value) !== undefined,
      defaultMessage: (args) => `${args?.property} must be ${CONNECTOR_RATE_RULE}, with a period of at most 24h (got ${JSON.stringify(args?.value)})`,
    },
  });
}

/** The schema of a connector's `limits` (contract §12). */
export class ConnectorLimitsSchema {
  /** At most this many of the connector's actions in flight at once. */
  @IsOptional() @IsConcurrency() concurrency?: number;
  /** At most this many action starts per period (see {@link parseConnectorRate}). */
  @IsOptional() @IsConnectorRate() rate?: string;
}

/** The outcome of {@link checkConnectorLimits}. */
export type CheckedLimits = { ok: true; limits: ConnectorLimits | undefined } | { ok: false; problems: FieldProblem[] };

/**
 * Checks a connector's `limits` as given (a request body, a flag, the config file).
 * `undefined`, `null` and `{}` are no limits; a key set to null is left out.
 * @param base - where the limits are, for problem paths (`['limits']`, `['connectors', 0, 'limits']`)
 * @returns the limits with only the keys set (undefined when none), or every problem with its path
 */
export function checkConnectorLimits(value: unknown, base: FieldPath = ['limits']): CheckedLimits {
  if (value === undefined || value === null) return { ok: true, limits: undefined };
  const checked = validateClass(ConnectorLimitsSchema, value, base);
  // An unknown key's message names only the key: say where it is (the API joins messages without paths).
  if (!checked.ok) return { ok: false, problems: checked.problems.map((p) => (p.at === 'key' ? { ...p, message: `${formatPath(p.path)}: ${p.message}` } : p)) };
  return { ok: true, limits: normalizeLimits(checked.value) };
}

/** The limits with only the keys that are set; undefined when none is. */
export function normalizeLimits(limits: ConnectorLimits | null | undefined): ConnectorLimits | undefined {
  if (!limits) return undefined;
  const out: ConnectorLimits = {};
  if (limits.concurrency !== undefined && limits.concurrency !== null) out.concurrency = limits.concurrency;
  if (limits.rate !== undefined && limits.rate !== null) out.rate = limits.rate.trim();
  return out.concurrency === undefined && out.rate === undefined ? undefined : out;
}

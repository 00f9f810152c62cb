import type { FastifyRequest } from 'fastify';
import { RelayflowError } from '../errors/relayflow-error';
import { jsonSyntaxMessage } from '../validation/json-syntax';

/**
 * Text that may hold a `__proto__` or `constructor` key: it names one, or has a `\u` escape that
 * could spell one. Only such text is parsed with the (slower) checking reviver.
 */
function mayHoldPrototypeKey(text: string): boolean {
  return text.includes('__proto__') || text.includes('constructor') || text.includes('\\u');
}

/**
 * Every request body is read as JSON, whatever its content type says (webhook senders are
 * careless with it): an empty body is no body, anything else must be JSON (400 `BAD_ARGUMENT`
 * otherwise). `__proto__` and `constructor.prototype` keys are refused, as Fastify's own parser does.
 */
export function jsonBodyParser(_request: FastifyRequest, body: string | Buffer, done: (err: Error | null, value?: unknown) => void): void {
  const text = typeof body === 'string' ? body : body.toString('utf8');
  if (text.trim() === '') {
    done(null, undefined);
    return;
  }
  let value: unknown;
  try {
    value = !mayHoldPrototypeKey(text) ? JSON.parse(text) : JSON.parse(text, (key, v) => {
      if (key === '__proto__' || (key === 'constructor' && v && typeof v === 'object' && 'prototype' in v)) {
        throw new SyntaxError(`the key "${key}" is not allowed`);
      }
      return v;
    });
  } catch (err) {
    // The engine's own message quotes the body, which may hold a connector's secrets.
    const why = (err as Error).message.startsWith('the key "') ? (err as Error).message : jsonSyntaxMessage(text);
    done(new RelayflowError('BAD_ARGUMENT', `the request body is not JSON: ${why}`));
    return;
  }
  done(null, value);
}

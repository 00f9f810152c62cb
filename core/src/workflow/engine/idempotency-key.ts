import { hash } from 'node:crypto';

/**
 * The idempotency key of a step: the RFC 9562 name-based UUID (version 5, SHA-1) of the step id
 * in the execution id's namespace — what `uuid`'s `v5(stepId, executionId)` gives, at a tenth
 * of its cost (one one-shot hash), since every attempt of every step needs one. The same on
 * every attempt and after a resume; different for every step of every execution.
 */
export function idempotencyKey(executionId: string, stepId: string): string {
  return keyIn(keyNamespace(executionId), stepId);
}

/** An execution id as a UUID namespace (its 16 bytes), parsed once per execution. */
export function keyNamespace(executionId: string): Buffer {
  return Buffer.from(executionId.replace(/-/g, ''), 'hex');
}

/** {@link idempotencyKey} with the namespace already parsed. */
export function keyIn(namespace: Buffer, stepId: string): string {
  const h = hash('sha1', Buffer.concat([namespace, Buffer.from(stepId, 'utf8')]), 'hex');
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

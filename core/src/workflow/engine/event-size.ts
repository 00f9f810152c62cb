import { RelayflowError } from '../../errors/relayflow-error';

/**
 * Refuses an event whose JSON text would be larger than `maxBytes` (`limits.eventSize`). The
 * size is counted while walking the value, without serialising it, and the walk stops as soon
 * as the limit is passed, so a huge event costs no more than the limit to refuse.
 *
 * @param setting - how the limit was written (`10mb`), for the message
 * @throws RelayflowError `BAD_ARGUMENT` (exit code 2) naming the limit and the setting
 */
export function assertEventSize(event: unknown, maxBytes: number, setting: string): void {
  if (!Number.isFinite(maxBytes)) return;
  let size = 0;
  const stack: unknown[] = [event];
  while (stack.length) {
    const value = stack.pop();
    if (typeof value === 'string') size += Buffer.byteLength(value) + 2;
    else if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') size += String(value).length;
    else if (value === null || value === undefined) size += 4;
    else if (typeof value === 'object') {
      const keys = Object.keys(value);
      size += 2 + Math.max(0, keys.length - 1);
      if (Array.isArray(value)) {
        for (const item of value) stack.push(item);
      } else {
        for (const key of keys) {
          size += Buffer.byteLength(key) + 3;
          stack.push((value as Record<string, unknown>)[key]);
        }
      }
    }
    if (size > maxBytes) {
      throw new RelayflowError('BAD_ARGUMENT', `the event is larger than ${setting} (${maxBytes} bytes), the limit set by limits.eventSize in relayflow.yaml; send a smaller event or raise the limit`);
    }
  }
}

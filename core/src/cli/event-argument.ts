import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { Config } from '../config/relayflow-config';
import { RelayflowError } from '../errors/relayflow-error';
import type { Relayflow } from '../runtime/relayflow';
import { jsonSyntaxMessage } from '../validation/json-syntax';
import { parseByteSize } from '../validation/units';

const CHUNK = 64 * 1024;

/** The largest event taken, in bytes, and how the setting wrote it (`10mb`), for messages. */
export interface EventLimit {
  maxBytes: number;
  setting: string;
}

/**
 * Reads `run --event FILE|-`: the JSON event from a file or stdin (`-`); empty means `{}`.
 * A directory, a missing or unreadable file, an event larger than the limit (a file's size is
 * checked before it is read; stdin is read up to the limit, no further) and text that is not
 * JSON are refused, naming the path.
 *
 * @throws RelayflowError `BAD_ARGUMENT` (exit code 2)
 */
export function readEventArgument(source: string, limit: EventLimit = { maxBytes: Number.POSITIVE_INFINITY, setting: '' }): unknown {
  const text = readEventText(source, limit);
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new RelayflowError('BAD_ARGUMENT', `--event ${source} is not valid JSON: ${jsonSyntaxMessage(text)}`);
  }
}

function readEventText(source: string, limit: EventLimit): string {
  const stdin = source === '-';
  let fd: number;
  try {
    fd = stdin ? 0 : openSync(source, 'r');
  } catch (err) {
    throw cannotRead(source, err);
  }
  try {
    if (!stdin) {
      const stat = fstatSync(fd);
      if (stat.isDirectory()) throw cannotRead(source, Object.assign(new Error('is a directory'), { code: 'EISDIR' }));
      if (stat.isFile() && stat.size > limit.maxBytes) throw tooLarge(source, limit);
    }
    return readUpTo(fd, source, limit).toString('utf8');
  } catch (err) {
    throw RelayflowError.is(err) ? err : cannotRead(source, err);
  } finally {
    if (!stdin) closeSync(fd);
  }
}

/** Everything `fd` holds, refusing (without reading further) once it passes the limit. */
function readUpTo(fd: number, source: string, limit: EventLimit): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  const buffer = Buffer.allocUnsafe(CHUNK);
  for (;;) {
    let n: number;
    try {
      n = readSync(fd, buffer, 0, CHUNK, null);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') { // a non-blocking pipe with nothing in it yet
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
        continue;
      }
      if (code === 'EOF') break;
      throw err;
    }
    if (n === 0) break;
    total += n;
    if (total > limit.maxBytes) throw tooLarge(source, limit);
    chunks.push(Buffer.from(buffer.subarray(0, n)));
  }
  return Buffer.concat(chunks, total);
}

function cannotRead(source: string, err: unknown): RelayflowError {
  const code = (err as NodeJS.ErrnoException)?.code;
  const why = code === 'ENOENT' ? 'no such file'
    : code === 'EISDIR' ? 'it is a directory; give a JSON file, or - to read the event from stdin'
      : code === 'EACCES' || code === 'EPERM' ? 'permission denied'
        : (err as Error)?.message ?? String(err);
  return new RelayflowError('BAD_ARGUMENT', `cannot read --event ${source}: ${why}`);
}

function tooLarge(source: string, limit: EventLimit): RelayflowError {
  return new RelayflowError('BAD_ARGUMENT', `--event ${source} is larger than ${limit.setting} (${limit.maxBytes} bytes), the limit set by limits.eventSize in relayflow.yaml; send a smaller event or raise the limit`);
}

/** The event size limit of a Relayflow's config (`limits.eventSize`). */
export function eventLimit(rf: Relayflow): EventLimit {
  // Loaded with the runtime (the config schema needs class-validator): not when the CLI starts.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Config: ConfigToken } = require('../config/relayflow-config') as typeof import('../config/relayflow-config');
  const { eventSize } = rf.container.get<Config>(ConfigToken).limits;
  return { maxBytes: parseByteSize(eventSize) ?? Number.POSITIVE_INFINITY, setting: String(eventSize) };
}

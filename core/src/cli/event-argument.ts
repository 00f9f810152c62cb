import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { RelayflowError } from '../errors/relayflow-error';

const CHUNK = 64 * 1024;

/**
 * Reads `run --event FILE|-`: the JSON event from a file or stdin (`-`); empty means `{}`.
 * A directory, a missing or unreadable file, an event larger than `maxBytes` (a file's size is
 * checked before it is read; stdin is read up to the limit, no further) and text that is not
 * JSON are refused, naming the path.
 *
 * @throws RelayflowError `BAD_ARGUMENT` (exit code 2)
 */
export function readEventArgument(source: string, maxBytes = Number.POSITIVE_INFINITY): unknown {
  const text = readEventText(source, maxBytes);
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new RelayflowError('BAD_ARGUMENT', `--event ${source} is not valid JSON: ${(err as Error).message}`);
  }
}

function readEventText(source: string, maxBytes: number): string {
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
      if (stat.isFile() && stat.size > maxBytes) throw tooLarge(source, maxBytes);
    }
    return readUpTo(fd, source, maxBytes).toString('utf8');
  } catch (err) {
    throw RelayflowError.is(err) ? err : cannotRead(source, err);
  } finally {
    if (!stdin) closeSync(fd);
  }
}

/** Everything `fd` holds, refusing (without reading further) once it passes `maxBytes`. */
function readUpTo(fd: number, source: string, maxBytes: number): Buffer {
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
    if (total > maxBytes) throw tooLarge(source, maxBytes);
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

function tooLarge(source: string, maxBytes: number): RelayflowError {
  return new RelayflowError('BAD_ARGUMENT', `--event ${source} is larger than ${maxBytes} bytes, the limit (limits.eventSize in relayflow.yaml); send a smaller event or raise the limit`);
}

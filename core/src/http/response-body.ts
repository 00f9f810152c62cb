import type { IncomingMessage } from 'node:http';
import type { Transform } from 'node:stream';
import { constants, createBrotliDecompress, createInflateRaw, createUnzip } from 'node:zlib';

/** Forgiving of a body cut short, as axios's adapter is (a truncated stream yields what it has). */
const ZLIB_OPTIONS = { flush: constants.Z_SYNC_FLUSH, finishFlush: constants.Z_SYNC_FLUSH };
const BROTLI_OPTIONS = { flush: constants.BROTLI_OPERATION_FLUSH, finishFlush: constants.BROTLI_OPERATION_FLUSH };

type Done = (err: Error | undefined, data?: Buffer) => void;

/**
 * Reads a response body into one Buffer, decoding `Content-Encoding` gzip, deflate (zlib or
 * raw) and br (the header is then removed, as axios does), and stops reading as soon as the
 * decoded bytes pass `maxContentLength` (-1: no limit) with the error axios gives:
 * `maxContentLength size of N exceeded`.
 */
export function readBody(res: IncomingMessage, method: string, maxContentLength: number, done: Done): void {
  let finished = false;
  const chunks: Buffer[] = [];
  let size = 0;
  let decoder: Transform | undefined;
  const end = (err: Error | undefined): void => {
    if (finished) return;
    finished = true;
    if (err) {
      decoder?.destroy();
      res.destroy();
      return done(err);
    }
    done(undefined, chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
  };
  const collect = (chunk: Buffer): void => {
    if (finished) return;
    size += chunk.length;
    if (maxContentLength > -1 && size > maxContentLength) {
      return end(Object.assign(new Error(`maxContentLength size of ${maxContentLength} exceeded`), { code: 'ERR_BAD_RESPONSE' }));
    }
    chunks.push(chunk);
  };

  const encoding = res.headers['content-encoding'];
  if (encoding !== undefined && (method === 'HEAD' || res.statusCode === 204)) delete res.headers['content-encoding'];
  const kind = encoding === undefined ? '' : encoding.toLowerCase();
  const decodes = kind === 'gzip' || kind === 'x-gzip' || kind === 'compress' || kind === 'x-compress' || kind === 'deflate' || kind === 'br';
  if (decodes && res.headers['content-encoding'] !== undefined) {
    delete res.headers['content-encoding'];
    let first = true;
    res.on('data', (chunk: Buffer) => {
      if (first) {
        first = false;
        decoder = decoderFor(kind, chunk);
        decoder.on('data', collect);
        decoder.on('error', end);
        decoder.on('end', () => end(undefined));
      }
      decoder!.write(chunk);
    });
    res.on('end', () => {
      if (decoder) decoder.end();
      else end(undefined);
    });
  } else {
    res.on('data', collect);
    res.on('end', () => end(undefined));
  }
  res.on('aborted', () => end(Object.assign(new Error('stream has been aborted'), { code: 'ERR_BAD_RESPONSE' })));
  res.on('error', end);
}

function decoderFor(kind: string, first: Buffer): Transform {
  if (kind === 'br') return createBrotliDecompress(BROTLI_OPTIONS);
  // A "deflate" body is meant to be zlib-wrapped; some servers send raw deflate (no header).
  if (kind === 'deflate' && (first[0] & 0x0f) !== 8) return createInflateRaw(ZLIB_OPTIONS);
  return createUnzip(ZLIB_OPTIONS);
}

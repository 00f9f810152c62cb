import { readFileSync } from 'node:fs';
import { RelayflowError } from '../errors/relayflow-error';

/**
 * Reads a workflow file for `run` and `validate`.
 * @throws RelayflowError `BAD_ARGUMENT` (exit code 2) when it cannot be read
 */
export function readWorkflowFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (err as Error).message;
    throw new RelayflowError('BAD_ARGUMENT', `cannot read workflow file ${file}: ${why}`);
  }
}

import { readFileSync } from 'node:fs';
import { RelayflowError } from '../errors/relayflow-error';
import { jsonSyntaxMessage } from '../validation/json-syntax';

/**
 * Parses a `JSON` argument: inline JSON or `@path/to/file.json`.
 * @throws RelayflowError `BAD_ARGUMENT` naming the flag and what is wrong
 */
export function parseJsonArgument(flag: string, text: string): unknown {
  let source = text;
  let where = flag;
  if (text.startsWith('@')) {
    const file = text.slice(1);
    where = `${flag} (${file})`;
    try {
      source = readFileSync(file, 'utf8');
    } catch (err) {
      throw new RelayflowError('BAD_ARGUMENT', `${flag}: cannot read ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
    }
  }
  try {
    return JSON.parse(source);
  } catch {
    // Never the engine's message: it quotes the text, and --secrets holds secrets.
    throw new RelayflowError('BAD_ARGUMENT', `${where} is not valid JSON: ${jsonSyntaxMessage(source)}`);
  }
}

/** Like {@link parseJsonArgument}, but the value must be a JSON object. */
export function parseJsonObject(flag: string, text: string): Record<string, unknown> {
  const value = parseJsonArgument(flag, text);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new RelayflowError('BAD_ARGUMENT', `${flag} must be a JSON object`);
  }
  return value as Record<string, unknown>;
}

import { readFileSync } from 'node:fs';
import { RelayflowError } from '../errors/relayflow-error';
import { jsonSyntaxMessage } from '../validation/json-syntax';

/** A file name as people write them: no quotes, braces, brackets or control characters. */
const PATH_LIKE = /^[^"{}[\]\p{Cc}]{1,1024}$/u;

/** Why a file could not be read, without the engine's message (it repeats the name). */
function readError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException)?.code;
  return code === 'ENOENT' ? 'no such file'
    : code === 'EISDIR' ? 'it is a directory'
      : code === 'EACCES' || code === 'EPERM' ? 'permission denied'
        : code === 'ENAMETOOLONG' ? 'the name is too long'
          : code ?? 'it cannot be read';
}

/**
 * Parses a `JSON` argument: inline JSON or `@path/to/file.json`.
 * @throws RelayflowError `BAD_ARGUMENT` naming the flag and what is wrong
 */
export function parseJsonArgument(flag: string, text: string): unknown {
  let source = text;
  let where = flag;
  if (text.startsWith('@')) {
    const file = text.slice(1);
    // Text that only starts with @ by accident (JSON that lost its brace) may hold secrets: not shown.
    const shown = PATH_LIKE.test(file) ? file : 'the file named after @ (not shown: the name holds quotes, braces or control characters; is this JSON that lost its first character?)';
    where = `${flag} (${shown})`;
    try {
      source = readFileSync(file, 'utf8');
    } catch (err) {
      throw new RelayflowError('BAD_ARGUMENT', `${flag}: cannot read ${shown}: ${readError(err)}`);
    }
  }
  try {
    return JSON.parse(source);
  } catch {
    // Never the engine's message: it quotes the text, and --secrets holds secrets.
    const yamlFile = text.startsWith('@') && /\.ya?ml$/i.test(text) ? `; ${text.slice(1)} looks like a YAML file: the config file (relayflow.yaml) is given with -c FILE or before the command` : '';
    throw new RelayflowError('BAD_ARGUMENT', `${where} is not valid JSON: ${jsonSyntaxMessage(source)}${yamlFile}`);
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

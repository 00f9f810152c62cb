import type { FieldPath } from '../contracts/problem';
import { MIN_SECRET_LENGTH } from '../secrets/redaction';
import type { FieldProblem } from '../validation/class-validation';
import { formatPath } from '../validation/class-validation';
import { MAX_VALUE_DEPTH } from '../validation/value-depth';

/** What `connectors import` prints where each missing secret goes (`--secrets '{"token":"..."}'`). */
export const SECRET_PLACEHOLDER = '...';

/**
 * Secret values too short to be redacted (1 to 3 characters: replacing them everywhere would
 * mangle ordinary text, so they would show wherever they turn up), and the import's `...`
 * placeholder left unfilled. Each problem names the key, never the value. An empty string is no
 * secret and passes.
 *
 * @param secrets - the secrets as given (plain JSON)
 * @param base - the path of the connector in its document (`['connectors', 0]`), if any
 */
export function shortSecretProblems(secrets: unknown, base: FieldPath = []): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const walk = (value: unknown, path: Array<string | number>): void => {
    // Deeper secrets are refused by the schema check ("nests deeper than"); this walk recurses.
    if (path.length > MAX_VALUE_DEPTH + 1) return;
    if (typeof value === 'string') {
      if (value === SECRET_PLACEHOLDER) {
        problems.push({
          path: [...base, ...path], at: 'value', code: 'INVALID_VALUE',
          message: `${formatPath(path)} is still "${SECRET_PLACEHOLDER}": put the real value in its place (the import prints "${SECRET_PLACEHOLDER}" where each secret goes)`,
        });
      } else if (value.length > 0 && value.length < MIN_SECRET_LENGTH) {
        problems.push({
          path: [...base, ...path], at: 'value', code: 'INVALID_VALUE',
          message: `${formatPath(path)} is too short to keep secret: a secret needs at least ${MIN_SECRET_LENGTH} characters, since a shorter one cannot be redacted from output without mangling ordinary text; use a longer value`,
        });
      }
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => walk(item, [...path, i]));
    } else if (value !== null && typeof value === 'object') {
      for (const key of Object.keys(value)) walk((value as Record<string, unknown>)[key], [...path, key]);
    }
  };
  walk(secrets, ['secrets']);
  return problems;
}

import type { Problem } from '../../contracts/problem';
import { RelayflowError } from '../../errors/relayflow-error';
import type { FieldPath, FieldProblem } from '../../validation/class-validation';
import type { YamlSource } from '../../yaml/yaml-source';
import { locateInScalar } from './scalar-location';

/**
 * Collects the problems found while a workflow is checked, so every one is reported at once.
 * With a source it locates each (FILE:LINE:COL); without one it only counts them: the first
 * check of a workflow read by the fast YAML path only needs to know whether there is anything
 * to report, and when there is, the workflow is checked again from a located source.
 */
export class ProblemSink {
  readonly problems: Problem[] = [];
  /** How many problems were found (kept or only counted). */
  count = 0;

  constructor(readonly source?: YamlSource) {}

  /**
   * A problem at a path: its key, its value, or (missing keys) the enclosing mapping.
   * @param code - what kind of problem (a `ProblemCode`); without one, `WORKFLOW_INVALID`
   */
  add(path: FieldPath, message: string, at: FieldProblem['at'] = 'value', code: string = 'WORKFLOW_INVALID'): void {
    this.count++;
    if (this.source) this.problems.push(this.source.problem({ path, message, at, code }));
  }

  /** Problems from class validation, with their codes (`UNKNOWN_KEY`, `MISSING_KEY`, ...). */
  addAll(problems: FieldProblem[]): void {
    this.count += problems.length;
    if (this.source) for (const p of problems) this.problems.push(this.source.problem(p));
  }

  /**
   * A problem from a template or condition parser: a RelayflowError whose `details.offset` says
   * where in the string it is.
   */
  addParseError(path: FieldPath, err: unknown): void {
    if (!RelayflowError.is(err)) throw err;
    this.count++;
    if (!this.source) return;
    const offset = typeof err.details?.offset === 'number' ? err.details.offset : 0;
    this.problems.push({ path: path.join('.'), fieldPath: path, code: err.code, message: err.message, location: locateInScalar(this.source, path, offset) });
  }

  /** The line a path's value is on (undefined when this sink does not locate). */
  lineOf(path: FieldPath): number | undefined {
    return this.source?.locate(path, 'value').line;
  }

  /** The problems sorted by position. */
  sorted(): Problem[] {
    const seen = new Set<string>();
    const unique = this.problems.filter((p) => {
      const key = `${p.location?.line}:${p.location?.col}:${p.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    return unique.sort((a, b) => (a.location?.line ?? 0) - (b.location?.line ?? 0) || (a.location?.col ?? 0) - (b.location?.col ?? 0));
  }
}

import type { Problem } from '../contracts/problem';

/**
 * Formats one problem for people: `FILE:LINE:COL: message` when it has a location, else
 * `path: message` (unless the message already starts with the path), else the message.
 * @param problem - the problem to format
 * @returns one line of text
 */
export function formatProblem(problem: Problem): string {
  if (problem.location) {
    const { file, line, col } = problem.location;
    return `${file}:${line}:${col}: ${problem.message}`;
  }
  return problem.path && !problem.message.startsWith(problem.path) ? `${problem.path}: ${problem.message}` : problem.message;
}

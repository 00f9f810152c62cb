import { extname, join } from 'node:path';
import type { WorkerOptions } from 'node:worker_threads';

/**
 * Where a worker thread's entry file is and how to load it: `NAME.js` beside the module that
 * starts it; from sources (tests, `--conditions=relayflow-src`) `NAME.ts`, loaded through tsx
 * with the same export conditions as this process.
 * @param dir - the starting module's `__dirname`
 * @param file - the starting module's `__filename` (its extension says built or sources)
 */
export function threadEntry(dir: string, file: string, name: string): { path: string; options: Pick<WorkerOptions, 'execArgv'> } {
  const extension = extname(file);
  const path = join(dir, `${name}${extension}`);
  if (extension !== '.ts') return { path, options: {} };
  const conditions = process.execArgv.filter((arg) => arg.startsWith('--conditions') || arg.startsWith('-C'));
  return { path, options: { execArgv: [...conditions, '--require', require.resolve('tsx/cjs')] } };
}

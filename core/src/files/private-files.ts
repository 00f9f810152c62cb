import { closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * Makes sure the data dir exists, creating each missing level with mode 0700 (only its owner
 * may enter it: it holds the store and maybe a generated key). An existing dir is left as it is.
 *
 * Node's `mkdirSync(dir, { recursive: true })` is not used: where `mkdir` answers ENOENT although
 * the parent exists (`/proc/x`, some FUSE and network file systems) it retries forever, and every
 * command hung.
 *
 * @throws Error whose message names the dir and says why it cannot be used (callers add their context)
 */
export function ensureDataDir(dir: string): void {
  const missing: string[] = [];
  let current = resolve(dir);
  while (!existsSync(current)) {
    missing.push(current);
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  try {
    if (!missing.length && !statSync(current).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    for (const level of missing.reverse()) mkdirSync(level, { mode: 0o700 });
  } catch (err) {
    throw Object.assign(new Error(`the data dir ${dir} ${reasonOf(err)}`), { code: (err as NodeJS.ErrnoException)?.code });
  }
}

/**
 * Creates `file` empty with mode 0600 when it does not exist yet (an existing file is left as
 * it is), so what is written to it later — and SQLite's WAL and shared-memory files, which take
 * the database file's mode — is readable by its owner only.
 */
export function createPrivateFile(file: string): void {
  if (existsSync(file)) return;
  try {
    closeSync(openSync(file, 'a', 0o600));
  } catch {
    // Whoever opens it next reports what is wrong, with its own context.
  }
}

function reasonOf(err: unknown): string {
  switch ((err as NodeJS.ErrnoException)?.code) {
    case 'ENOENT': return 'cannot be created: the file system there refuses new folders';
    case 'EACCES': case 'EPERM': return 'cannot be created: permission denied';
    case 'ENOTDIR': case 'EEXIST': return 'is a file, or lies under one, not a folder';
    case 'EROFS': return 'cannot be created: the file system is read-only';
    default: return `cannot be created: ${(err as Error)?.message ?? String(err)}`;
  }
}

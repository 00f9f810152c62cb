/** How long the process may take to exit once everything stopped (a stray handle does not keep it). */
const EXIT_DEADLINE_MS = 200;

/**
 * What a long-running command (`serve`, `worker`) does about SIGTERM and SIGINT: the first one
 * resolves (the command then stops gracefully); a second one exits at once with 1.
 */
export async function stopSignal(): Promise<NodeJS.Signals> {
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  const again = (): void => {
    process.stderr.write('stopping at once\n');
    process.exit(1);
  };
  process.once('SIGTERM', again);
  process.once('SIGINT', again);
  return signal;
}

/** Exits shortly after a graceful stop, whatever handle is left open. */
export function exitSoon(): void {
  setTimeout(() => process.exit(process.exitCode ?? 0), EXIT_DEADLINE_MS).unref();
}

// Test-only helpers for this package's specs (excluded from the build).
import { expect } from 'chai';

/** What a test captured from Relayflow's default logger (stderr). */
export interface LogCapture {
  /** Everything written to stderr since `start`. */
  text(): string;
  stop(): void;
}

/**
 * Turns on debug logging for loggers created from now on and captures stderr, where the
 * default logger writes. Create the Relayflow after calling this.
 */
export function captureLogs(): LogCapture {
  const previousLevel = process.env.RELAYFLOW_LOG_LEVEL;
  process.env.RELAYFLOW_LOG_LEVEL = 'debug';
  const chunks: string[] = [];
  const write = process.stderr.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  }) as typeof process.stderr.write;
  return {
    text: () => chunks.join(''),
    stop() {
      process.stderr.write = write;
      if (previousLevel === undefined) delete process.env.RELAYFLOW_LOG_LEVEL;
      else process.env.RELAYFLOW_LOG_LEVEL = previousLevel;
    },
  };
}

/** Asserts `secret` appears nowhere in `value` (serialised), in any of its usual encodings. */
export function expectNoSecret(value: unknown, secret: string, what = 'value'): void {
  const text = typeof value === 'string' ? value : JSON.stringify(value, (_k, v) => (v instanceof Error ? { message: v.message, stack: v.stack } : v));
  for (const form of new Set([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)])) {
    expect(text, `${what} contains the secret`).not.to.include(form);
  }
}

/** Runs `fn` and returns what it threw (fails the test when it does not throw). */
export async function thrown(fn: () => Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await fn();
  } catch (err) {
    return err as Error & { code?: string };
  }
  expect.fail('expected an error to be thrown');
}

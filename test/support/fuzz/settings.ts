/**
 * How much the fuzzing suite runs. `npm test` runs a fixed seed and a bounded number of cases
 * (about a minute on the 2-core machine); `npm run fuzz` sets FUZZ_CASES (10,000+) and a new seed.
 *
 * - FUZZ_SEED: the seed (`random`: a new one, printed); default fixed, so `npm test` is repeatable
 * - FUZZ_CASES: in-process cases over all properties (default 480)
 * - FUZZ_CHILD_CASES: cases run through real child processes (default 8)
 */
export interface FuzzSettings {
  seed: number;
  /** Cases per in-process property. */
  workflows: number;
  configs: number;
  connectors: number;
  /** Cases run as child processes. */
  children: number;
  /** Time limit of one in-process command. */
  inProcessLimitMs: number;
  /** Time limit of one child process. */
  childLimitMs: number;
}

const DEFAULT_SEED = 1717;

/** The settings from the environment. */
export function fuzzSettings(env: NodeJS.ProcessEnv = process.env): FuzzSettings {
  const seed = env.FUZZ_SEED === 'random' ? Math.floor(Math.random() * 2 ** 31) : Number(env.FUZZ_SEED ?? DEFAULT_SEED);
  const cases = Number(env.FUZZ_CASES ?? 480);
  return {
    seed,
    workflows: Math.round(cases * 0.4),
    configs: Math.round(cases * 0.25),
    connectors: Math.round(cases * 0.35),
    children: Number(env.FUZZ_CHILD_CASES ?? 8),
    inProcessLimitMs: 10_000,
    childLimitMs: 20_000,
  };
}

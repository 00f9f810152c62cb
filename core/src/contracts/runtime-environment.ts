/** Where this Relayflow lives: its data dir, the directory relative paths resolve from, its environment. */
export const RuntimeEnvironment = Symbol.for('relayflow.RuntimeEnvironment');
export interface RuntimeEnvironment {
  dataDir: string;
  baseDir: string;
  configFile?: string;
  env: NodeJS.ProcessEnv;
  /** `false` leaves a missing embedded store file uncreated (a store factory's `createFile`). */
  createStoreFile?: boolean;
}

/**
 * @relayflow/sdk/testing: run a plugin's actions (and, with the engine, whole workflows)
 * in-process against local stand-in servers, and read back the requests they made.
 */
export { startStandIn } from './stand-in-server';
export type { RecordedRequest, StandIn, StandInHandler, StandInReply } from './stand-in-server';
export { recordingLogger } from './recording-logger';
export type { LogLine } from './recording-logger';
export { createTestRelayflow } from './test-relayflow';
export type { TestConnector, TestRelayflow } from './test-relayflow';

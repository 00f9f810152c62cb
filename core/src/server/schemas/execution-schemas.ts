import { anyJson, anyObject } from './common-schemas';

const nullableString = { type: ['string', 'null'] } as const;
const nullableInteger = { type: ['integer', 'null'] } as const;

/** The error shape of records (contract §6). */
export const recordedErrorSchema = {
  type: ['object', 'null'],
  properties: {
    type: { type: 'string' },
    message: { type: 'string' },
    retryable: { type: 'boolean' },
    details: anyObject,
  },
} as const;

/** What started an execution. */
export const triggerSchema = {
  type: 'object',
  properties: {
    type: { type: 'string', enum: ['manual', 'webhook', 'scheduled'] },
    at: { type: 'string', description: 'when; for a schedule, the slot it fired for' },
  },
} as const;

/** Execution statuses (contract §6; `running` while it runs). */
export const executionStatusSchema = { type: 'string', enum: ['running', 'completed', 'failed', 'cancelled', 'timed_out'] } as const;

/** One step result (contract §6); fields added by later versions pass through. */
export const stepRecordSchema = {
  type: 'object',
  additionalProperties: true,
  properties: {
    name: { type: 'string' },
    type: { type: 'string' },
    stepId: { type: 'string' },
    status: { type: 'string' },
    attempts: { type: 'integer' },
    startedAt: { type: 'string' },
    finishedAt: nullableString,
    output: anyJson,
    error: recordedErrorSchema,
    foreachIndex: { type: 'integer' },
  },
} as const;

const workflowRef = { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' } } } as const;

/** The execution record of contract §6, plus `workflowVersion` and `trigger`. */
export const executionRecordSchema = {
  type: 'object',
  additionalProperties: true,
  properties: {
    id: { type: 'string' },
    workflow: workflowRef,
    workflowVersion: { type: 'integer' },
    trigger: triggerSchema,
    status: executionStatusSchema,
    startedAt: { type: 'string' },
    finishedAt: nullableString,
    durationMs: nullableInteger,
    error: recordedErrorSchema,
    steps: { type: 'array', items: stepRecordSchema },
  },
} as const;

/** A row of `GET /api/executions`. */
export const executionSummarySchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    workflow: workflowRef,
    workflowVersion: { type: 'integer' },
    status: executionStatusSchema,
    startedAt: { type: 'string' },
    finishedAt: nullableString,
    durationMs: nullableInteger,
    trigger: triggerSchema,
  },
} as const;

/** `202 {"executionId"}`. */
export const acceptedSchema = {
  type: 'object',
  properties: { executionId: { type: 'string' } },
  required: ['executionId'],
} as const;

import { anyJson, anyObject } from './common-schemas';

/** A stored workflow (contract §9); `yaml` on `GET /api/workflows/{id}` only. */
export const storedWorkflowSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', description: "the workflow's name" },
    name: { type: 'string' },
    version: { type: 'integer', description: '1 when created, one more on each replace' },
    enabled: { type: 'boolean' },
    triggers: { type: 'array', items: anyObject },
    createdAt: { type: 'string' },
    updatedAt: { type: 'string' },
    yaml: { type: 'string' },
  },
} as const;

/** `{"yaml": "..."}`. */
export const yamlBody = {
  type: 'object',
  properties: { yaml: { type: 'string', minLength: 1, description: 'the workflow YAML (contract §4)' } },
  required: ['yaml'],
  additionalProperties: false,
} as const;

const runFields = {
  event: { ...anyJson, description: 'the trigger payload (`event` in templates); default {}' },
  inputs: { ...anyObject, description: 'values for the declared inputs; text is converted to the declared type' },
  wait: { type: 'boolean', default: false, description: 'answer with the final record (200) instead of 202 {executionId}' },
} as const;

/** `POST /api/workflows/{id}/run`. */
export const runStoredBody = {
  type: 'object',
  properties: runFields,
  additionalProperties: false,
} as const;

/** `POST /api/workflows/run`: an unsaved workflow. */
export const runUnsavedBody = {
  type: 'object',
  properties: { yaml: { type: 'string', minLength: 1, description: 'the workflow YAML' }, ...runFields },
  required: ['yaml'],
  additionalProperties: false,
} as const;

/** What the run routes take. */
export interface RunBody {
  event?: unknown;
  inputs?: Record<string, unknown>;
  wait?: boolean;
}

/**
 * JSON schemas shared by the routes: Fastify validates requests and serializes responses with
 * them, and @fastify/swagger turns the same schemas into the OpenAPI document.
 */

/** One problem of an error: where (line/column for workflow YAML, a field path otherwise) and what. */
export const problemSchema = {
  type: 'object',
  properties: {
    line: { type: 'integer', description: '1-based line in the YAML' },
    column: { type: 'integer', description: '1-based column in the YAML' },
    path: { type: 'string', description: 'field path, e.g. steps[2].with.summary or body.name' },
    code: { type: 'string' },
    message: { type: 'string' },
  },
  required: ['message'],
} as const;

/** Every error the API answers: `{"error": {"code", "message", "problems"?}}`. */
export const errorSchema = {
  type: 'object',
  description: 'An error: code from the error table, what was wrong, and every problem found',
  properties: {
    error: {
      type: 'object',
      properties: {
        code: { type: 'string', description: 'stable code, e.g. UNAUTHORIZED, WORKFLOW_INVALID' },
        message: { type: 'string' },
        problems: { type: 'array', items: problemSchema },
      },
      required: ['code', 'message'],
    },
  },
  required: ['error'],
} as const;

/** Any JSON value (events, outputs, params). */
export const anyJson = {} as const;

/** A JSON object with any keys. */
export const anyObject = { type: 'object', additionalProperties: true } as const;

/** `{workflowId}`, `{id}`, `{idOrName}` path parameters. */
export function pathParams<K extends string>(name: K, description: string) {
  // No minLength: `/api/workflows//run` names no workflow, a 404 from the handler, not a 400.
  return { type: 'object', properties: { [name]: { type: 'string', description } }, required: [name] } as const;
}

/** The error responses every route can give (401/403 on protected routes, 400, 404, 413, 429, 500, 503). */
export const errorResponses = {
  '4xx': errorSchema,
  '5xx': errorSchema,
} as const;

/** Marks a route as needing `Authorization: ApiKey <key>` in the OpenAPI document. */
export const apiKeySecurity = [{ ApiKey: [] }];

/**
 * A route hook for bodies that are optional as a whole: no body (e.g. `curl -X POST` without
 * `-d`) reads as `{}`, so the route's object schema applies to it.
 */
export async function emptyBodyAsObject(request: { body: unknown }): Promise<void> {
  if (request.body === undefined || request.body === null) request.body = {};
}

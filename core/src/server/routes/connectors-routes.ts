import type { FastifyReply } from 'fastify';
import type { ConnectorInput, ConnectorUpdate } from '../../contracts/connector';
import type { ConnectorLimits } from '../../contracts/connector-limiter';
import { RelayflowError } from '../../errors/relayflow-error';
import { actionResultShape, kibanaStyleAction } from '../../runtime/action-request';
import { anyJson, anyObject, apiKeySecurity, emptyBodyAsObject, errorResponses, pathParams } from '../schemas/common-schemas';
import type { Routes } from './route-context';

const limitsProperties = {
  concurrency: { type: 'integer', minimum: 1, description: 'at most this many of its actions in flight at once' },
  rate: { type: 'string', description: 'at most this many action starts per period: N/s, N/min, N/h or N/<k>s|m|h (5/10s), e.g. 10/s' },
} as const;

const LIMITS_DESCRIPTION = 'contract §12: at most `concurrency` of its actions in flight and at most `rate` starts, counted over every process that shares the store (with SQLite: this one process)';

/** A connector as the API shows it: never its secrets (they are write-only). */
const connectorSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    type: { type: 'string' },
    connector_type_id: { type: 'string', description: "the type, under Kibana's name for it" },
    config: anyObject,
    isPreconfigured: { type: 'boolean' },
    limits: { type: 'object', description: `${LIMITS_DESCRIPTION}; absent when it has none`, properties: limitsProperties },
    createdAt: { type: 'string' },
    updatedAt: { type: 'string' },
    warnings: { type: 'array', items: { type: 'string' } },
    missingSecrets: { type: 'array', items: { type: 'string' } },
  },
} as const;

const limitsSchema = {
  type: 'object',
  description: LIMITS_DESCRIPTION,
  properties: limitsProperties,
  additionalProperties: false,
} as const;

const createBody = {
  type: 'object',
  properties: {
    type: { type: 'string', minLength: 1, description: "a connector type id or alias (Kibana's .slack)" },
    connector_type_id: { type: 'string', minLength: 1, description: "Kibana's name for `type`" },
    name: { type: 'string', minLength: 1 },
    id: { type: 'string', minLength: 1, description: '1-100 of A-Za-z0-9_-; a UUID is generated when absent' },
    config: anyObject,
    secrets: { ...anyObject, description: 'write-only: never returned' },
    limits: limitsSchema,
  },
  required: ['name'],
  additionalProperties: false,
} as const;

const updateBody = {
  type: 'object',
  properties: {
    name: { type: 'string', minLength: 1 },
    config: { ...anyObject, description: 'replaces the config' },
    secrets: { ...anyObject, description: 'replace the secrets (write-only)' },
    limits: { ...limitsSchema, type: ['object', 'null'], description: `replaces the limits; null or {} removes them. ${LIMITS_DESCRIPTION}` },
    type: { type: 'string', description: 'ignored when it is the connector\'s type; a connector\'s type cannot change' },
    connector_type_id: { type: 'string', description: 'as type' },
  },
  additionalProperties: false,
} as const;

const executeBody = {
  type: 'object',
  properties: {
    params: { ...anyJson, description: "the action's params; Kibana's {subAction, subActionParams} form too" },
    action: { type: 'string', minLength: 1, description: "the action (default: the type's default action)" },
    subAction: { type: 'string', minLength: 1, description: "Kibana's form: the action" },
    subActionParams: { ...anyJson, description: "Kibana's form: the params" },
  },
  additionalProperties: false,
} as const;

const executeResult = {
  type: 'object',
  description: 'contract §7: {status: "ok", data} or {status: "error", message, serviceMessage?, retry}',
  properties: {
    status: { type: 'string', enum: ['ok', 'error'] },
    data: anyJson,
    message: { type: 'string' },
    serviceMessage: { type: 'string' },
    retry: { anyOf: [{ type: 'boolean' }, { type: 'string' }] },
  },
} as const;

interface CreateBody { type?: string; connector_type_id?: string; name: string; id?: string; config?: Record<string, unknown>; secrets?: Record<string, unknown>; limits?: ConnectorLimits }
interface UpdateBody { name?: string; config?: Record<string, unknown>; secrets?: Record<string, unknown>; limits?: ConnectorLimits | null; type?: string; connector_type_id?: string }
interface ExecuteBody { params?: unknown; action?: string; subAction?: string; subActionParams?: unknown }
type IdParams = { idOrName: string };

const idParams = pathParams('idOrName', "the connector's id or name");

/** Shows a connector with Kibana's `connector_type_id` beside `type`. */
function shown<C extends { type: string }>(connector: C): C & { connector_type_id: string } {
  return { ...connector, connector_type_id: connector.type };
}

/**
 * `type` or Kibana's `connector_type_id`: one of them, or both naming the same type (by its id or
 * an alias: `slack` and `.slack` agree); the type's own id when a loaded type has that id or alias.
 */
function typeOf(body: { type?: string; connector_type_id?: string }, types: ReadonlyArray<{ id: string; aliases?: readonly string[] }>): string | undefined {
  const canonical = (id: string | undefined): string | undefined => (id === undefined ? undefined : types.find((t) => t.id === id || t.aliases?.includes(id))?.id ?? id);
  const type = canonical(body.type);
  const kibana = canonical(body.connector_type_id);
  if (type !== undefined && kibana !== undefined && type !== kibana) {
    throw new RelayflowError('BAD_ARGUMENT', `type "${body.type}" and connector_type_id "${body.connector_type_id}" disagree; give one of them`);
  }
  return type ?? kibana;
}

/** Aborts when the client goes away before its answer. */
function abortOnDisconnect(reply: FastifyReply): AbortSignal {
  const abort = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableEnded) abort.abort();
  });
  return abort.signal;
}

/**
 * Connectors as the CLI has them: `GET, POST /api/connectors`, `GET, PUT, DELETE
 * /api/connectors/{idOrName}` and `POST /api/connectors/{idOrName}/_execute`. Secrets are
 * write-only; a preconfigured connector cannot be changed (400).
 */
export const connectorsRoutes: Routes = (app, { rf }) => {
  const tags = ['connectors'];
  const security = apiKeySecurity;

  app.get('/api/connectors', {
    config: { scope: 'read' },
    schema: { tags, security, summary: 'Stored and preconfigured connectors (never any secret)', response: { 200: { type: 'array', items: connectorSchema }, ...errorResponses } },
  }, async () => (await rf.connectors.list()).map(shown));

  app.post<{ Body: CreateBody }>('/api/connectors', {
    config: { scope: 'admin' },
    schema: { tags, security, summary: 'Create a connector', body: createBody, response: { 201: connectorSchema, ...errorResponses } },
  }, async (request, reply) => {
    const { body } = request;
    const type = typeOf(body, rf.connectorTypes());
    if (type === undefined) throw new RelayflowError('VALIDATION_FAILED', 'body.type (or connector_type_id) is required: the connector type, e.g. slack', { problems: [{ path: 'body.type', code: 'MISSING_KEY', message: 'body.type is required' }] });
    const input: ConnectorInput = {
      type, name: body.name, ...(body.id === undefined ? {} : { id: body.id }),
      config: body.config ?? {}, secrets: body.secrets ?? {}, ...(body.limits ? { limits: body.limits } : {}),
    };
    reply.code(201);
    return shown(await rf.connectors.create(input));
  });

  app.get<{ Params: IdParams }>('/api/connectors/:idOrName', {
    config: { scope: 'read' },
    schema: { tags, security, summary: 'One connector (never its secrets)', params: idParams, response: { 200: connectorSchema, ...errorResponses } },
  }, async (request) => shown(await rf.connectors.get(request.params.idOrName)));

  app.put<{ Params: IdParams; Body: UpdateBody }>('/api/connectors/:idOrName', {
    config: { scope: 'admin' },
    schema: { tags, security, summary: 'Update a connector: each field given replaces the stored one', params: idParams, body: updateBody, response: { 200: connectorSchema, ...errorResponses } },
  }, async (request) => {
    const { body } = request;
    const type = typeOf(body, rf.connectorTypes());
    if (type !== undefined) {
      const current = await rf.connectors.get(request.params.idOrName);
      if (current.type !== type) {
        throw new RelayflowError('BAD_ARGUMENT', `a connector's type cannot change (it is ${current.type}, the body says ${type}); create a new connector instead`);
      }
    }
    const patch: ConnectorUpdate = {
      ...(body.name === undefined ? {} : { name: body.name }),
      ...(body.config === undefined ? {} : { config: body.config }),
      ...(body.secrets === undefined ? {} : { secrets: body.secrets }),
      ...(body.limits === undefined ? {} : { limits: body.limits }),
    };
    return shown(await rf.connectors.update(request.params.idOrName, patch));
  });

  app.delete<{ Params: IdParams }>('/api/connectors/:idOrName', {
    config: { scope: 'admin' },
    schema: { tags, security, summary: 'Delete a connector (preconfigured ones cannot be deleted: 400)', params: idParams, response: { 204: { type: 'null', description: 'deleted' }, ...errorResponses } },
  }, async (request, reply) => {
    await rf.connectors.delete(request.params.idOrName);
    return reply.code(204).send();
  });

  app.post<{ Params: IdParams; Body: ExecuteBody | undefined }>('/api/connectors/:idOrName/_execute', {
    config: { scope: 'admin' },
    preValidation: emptyBodyAsObject,
    schema: {
      tags, security, params: idParams, body: executeBody,
      summary: 'Run one action of the connector: 200 with the result, status "error" included (no params: the type\'s own test)',
      response: { 200: executeResult, ...errorResponses },
    },
  }, async (request, reply) => {
    const body = request.body ?? {};
    const connector = await rf.connectors.get(request.params.idOrName);
    const signal = abortOnDisconnect(reply);
    if (body.params === undefined && body.action === undefined && body.subAction === undefined) {
      return actionResultShape(await rf.testConnector(connector.id, signal));
    }
    const given = body.subAction === undefined ? body.params ?? {} : { subAction: body.subAction, subActionParams: body.subActionParams ?? body.params ?? {} };
    const { action, params } = kibanaStyleAction(body.action, given);
    // An action that takes no connector (probe.echo, ...) runs without this one.
    const type = rf.connectorTypes().find((t) => t.id === connector.type);
    const takesNone = type?.actions.find((a) => a.id === (action ?? type.defaultAction))?.connector === 'none';
    return actionResultShape(await rf.executeAction({ type: connector.type, action, ...(takesNone ? {} : { connector: connector.id }), params, signal }));
  });
};

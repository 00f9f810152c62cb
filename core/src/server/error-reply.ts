import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { Problem } from '../contracts/problem';
import { errorInfo, httpStatusFor } from '../errors/error-info';
import type { ErrorCode } from '../errors/error-table';
import { RelayflowError } from '../errors/relayflow-error';

/** One problem as the API shows it. */
export interface ProblemBody {
  line?: number;
  column?: number;
  path?: string;
  code?: string;
  message: string;
}

/** Every error body of the API (contract §9). */
export interface ErrorBody {
  error: { code: string; message: string; problems?: ProblemBody[] };
}

/** Fastify's own request errors, by their code, as table codes. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BAD_ARGUMENT',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'BAD_ARGUMENT',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'BAD_ARGUMENT',
  FST_ERR_CTP_EMPTY_TYPE: 'BAD_ARGUMENT',
  FST_ERR_CTP_INVALID_TYPE: 'BAD_ARGUMENT',
  FST_ERR_BAD_URL: 'BAD_ARGUMENT',
  FST_ERR_ASYNC_CONSTRAINT: 'BAD_ARGUMENT',
};

/**
 * The status and body for anything thrown while answering a request: a RelayflowError by its
 * code in the error table (with every problem, located); Fastify's validation and body errors
 * as 400/413; anything else 500 with no detail (the log has it, under the request id).
 */
export function errorReply(err: unknown, requestId: string): { status: number; body: ErrorBody; internal: boolean } {
  if (RelayflowError.is(err)) {
    const problems = err.problems.filter((p) => p.severity !== 'warning').map(problemBody);
    return {
      status: httpStatusFor(err),
      body: { error: { code: err.code, message: err.message, ...(problems.length ? { problems } : {}) } },
      internal: httpStatusFor(err) >= 500,
    };
  }
  const fastifyError = err as FastifyError;
  if (fastifyError && Array.isArray(fastifyError.validation)) {
    const where = fastifyError.validationContext ?? 'body';
    const problems = fastifyError.validation.map((v) => {
      const path = `${where}${(v.instancePath ?? '').replace(/\//g, '.')}`;
      const extra = v.params && typeof v.params === 'object' && 'additionalProperty' in v.params ? ` "${String(v.params.additionalProperty)}"` : '';
      return { path, code: 'INVALID_VALUE', message: `${path} ${v.message ?? 'is invalid'}${extra}` };
    });
    return { status: errorInfo('VALIDATION_FAILED').httpStatus, body: { error: { code: 'VALIDATION_FAILED', message: `the request is invalid: ${problems.map((p) => p.message).join('; ')}`, problems } }, internal: false };
  }
  const code = fastifyError?.code && FASTIFY_CODES[fastifyError.code];
  if (code) return { status: errorInfo(code).httpStatus, body: { error: { code, message: requestMessage(code, fastifyError) } }, internal: false };
  if (err instanceof SyntaxError || (typeof fastifyError?.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500)) {
    return { status: errorInfo('BAD_ARGUMENT').httpStatus, body: { error: { code: 'BAD_ARGUMENT', message: `the request cannot be read: ${fastifyError.message}` } }, internal: false };
  }
  return {
    status: errorInfo('INTERNAL').httpStatus,
    body: { error: { code: 'INTERNAL', message: `internal error; the server log has the details under request id ${requestId}` } },
    internal: true,
  };
}

function requestMessage(code: ErrorCode, err: FastifyError): string {
  if (code === 'BODY_TOO_LARGE') return 'the request body is larger than server.bodyLimit allows';
  return `the request cannot be read: ${err.message}`;
}

/** A problem with its location as line and column (contract §9). */
export function problemBody(p: Problem): ProblemBody {
  return {
    ...(p.location ? { line: p.location.line, column: p.location.col } : {}),
    ...(p.path ? { path: p.path } : {}),
    ...(p.code ? { code: p.code } : {}),
    message: p.message,
  };
}

/**
 * Fastify's error handler: answers every error with the API's error body, logging 5xx with
 * the request id (a stack only in the log, never in the answer).
 */
export function handleError(err: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const { status, body, internal } = errorReply(err, String(request.id));
  if (internal) {
    request.log.error({ err }, 'request failed');
  } else if (status === 413 || status === 429) {
    request.log.warn({ code: body.error.code }, 'request refused');
  }
  return reply.code(status).send(body);
}

// Every error the service answers with is JSON {statusCode, error, message[, details]}:
// one error handler turns validation, domain, database and framework errors into that.
import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable } from './db/pool.js';

/** An error whose status and message are meant for the client as they are. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const notFound = (what: string, id: number) => new HttpError(404, `${what} ${id} does not exist`);

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details?: unknown;
}

export function errorBody(statusCode: number, message: string, details?: unknown): ErrorBody {
  const body: ErrorBody = { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message };
  if (details !== undefined) body.details = details;
  return body;
}

/** The JSON schema of an error response, for the OpenAPI document. */
export const errorSchema = {
  type: 'object',
  properties: {
    statusCode: { type: 'integer' },
    error: { type: 'string' },
    message: { type: 'string' },
    details: {},
  },
  required: ['statusCode', 'error', 'message'],
} as const;

interface AjvIssue {
  keyword: string;
  instancePath: string;
  message?: string;
  params: Record<string, unknown>;
}

// Ajv's own words, except where they would print a regular expression at the user.
function describeIssue(part: string, issue: AjvIssue): { field: string; message: string } {
  let field = [part, ...issue.instancePath.split('/').filter(Boolean)].join('.');
  let message = issue.message ?? 'is invalid';
  switch (issue.keyword) {
    case 'required':
      field = `${field}.${String(issue.params.missingProperty)}`;
      message = 'is required';
      break;
    case 'additionalProperties':
      field = `${field}.${String(issue.params.additionalProperty)}`;
      message = 'is not a known field';
      break;
    case 'pattern':
      message = 'must contain a visible character and no control characters';
      break;
    case 'type':
      // A body that is not JSON at all (a form, text) reaches validation as a string.
      if (part === 'body' && issue.instancePath === '') message = 'must be a JSON object, sent with content-type: application/json';
      break;
  }
  return { field, message };
}

function validationError(err: FastifyError): ErrorBody {
  const part = err.validationContext ?? 'request';
  const details = (err.validation as AjvIssue[]).map((issue) => describeIssue(part, issue));
  const message = details.map((d) => `${d.field} ${d.message}`).join('; ');
  return errorBody(422, message, details);
}

// PostgreSQL SQLSTATEs that mean the client sent something the database refused.
const clientSqlStates: Record<string, number> = {
  '22001': 422, // string too long
  '22003': 422, // numeric value out of range
  '22P02': 422, // invalid text representation
  '23503': 422, // foreign key violation (a race with a DELETE)
  '23505': 409, // unique violation
};

export function toErrorBody(err: FastifyError, log: FastifyRequest['log'], onUnavailable: (err: Error) => void = () => {}): ErrorBody {
  if (err.validation) return validationError(err);
  if (err instanceof HttpError) return errorBody(err.statusCode, err.message, err.details);
  if (isDatabaseUnavailable(err)) {
    onUnavailable(err);
    return errorBody(503, 'The database is unavailable; try again shortly.');
  }
  const sqlState = (err as { code?: string }).code;
  if (sqlState && clientSqlStates[sqlState]) {
    return errorBody(clientSqlStates[sqlState], `The database rejected the request: ${err.message}`);
  }
  if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return errorBody(415, 'Send the body as JSON, with content-type: application/json.');
  const status = err.statusCode ?? 500;
  if (status >= 400 && status < 500) return errorBody(status, err.message);
  log.error({ err }, 'request failed');
  return errorBody(status >= 500 && status < 600 ? status : 500, 'Internal server error');
}

export function installErrorHandlers(app: FastifyInstance): void {
  // During an outage every request fails the same way: one warning per 5 s, not one per request.
  let lastWarning = 0;
  let suppressed = 0;
  const onUnavailable = (err: Error) => {
    const now = Date.now();
    if (now - lastWarning < 5000) {
      suppressed++;
      return;
    }
    app.log.warn({ code: (err as { code?: string }).code, reason: err.message, suppressed }, 'database unavailable: answering 503');
    lastWarning = now;
    suppressed = 0;
  };
  app.setErrorHandler((err: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const body = toErrorBody(err, request.log, onUnavailable);
    if (body.statusCode === 503) reply.header('retry-after', '1');
    if (body.statusCode === 415) body.message = body.message.replace(/\.$/, ` (got ${String(request.headers['content-type']).slice(0, 100)}).`);
    return reply.code(body.statusCode).send(body);
  });
  // A path that exists with other methods is a 405 with Allow, not a 404 (PUT /students/11).
  const routes: Array<{ pattern: RegExp; methods: string[] }> = [];
  app.addHook('onRoute', (route) => {
    const methods = [route.method].flat().map(String);
    const pattern = new RegExp(`^${route.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:\w+/g, '[^/]+')}/?$`);
    routes.push({ pattern, methods });
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0].slice(0, 200);
    const allowed = [...new Set(routes.filter((r) => r.pattern.test(path)).flatMap((r) => r.methods))];
    if (allowed.length) {
      return reply
        .code(405)
        .header('allow', allowed.join(', '))
        .send(errorBody(405, `${request.method} is not allowed on ${path}; it answers ${allowed.join(', ')}`));
    }
    return reply.code(404).send(errorBody(404, `Route ${request.method} ${path} not found`));
  });
  // Fastify's own JSON parser (prototype-poisoning checks kept), saying where the JSON breaks.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    parseJson(request, body as string, (err, value) => {
      // An empty body keeps Fastify's own message ("Body cannot be empty ...").
      if (!err || (err as FastifyError).statusCode !== 400 || (body as string).length === 0) return done(err, value);
      done(new HttpError(400, `The body is not valid JSON: ${jsonSyntaxError(body as string)}`), undefined);
    });
  });
}

/** JSON.parse's own words on where the text stops being JSON ("... at position 9"). */
function jsonSyntaxError(text: string): string {
  try {
    JSON.parse(text);
    return 'it was refused';
  } catch (err) {
    return (err as Error).message;
  }
}

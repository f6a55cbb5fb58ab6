// Schemas and rules shared by the API routes: ids, pagination, names, error responses,
// and the one deliberate conversion of path/query text into integers.
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { errorSchema } from '../errors.js';

export const PAGE_DEFAULT_LIMIT = 100;
export const PAGE_MAX_LIMIT = 1000;
export const NAME_MAX_LENGTH = 100;
export const GRADE_MIN = 1;
export const GRADE_MAX = 5;
const INT4_MAX = 2_147_483_647;

export const idSchema = { type: 'integer', minimum: 1, maximum: INT4_MAX } as const;

export const idParams = {
  type: 'object',
  properties: { id: { ...idSchema, description: 'numeric id' } },
  required: ['id'],
} as const;

export const pageQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    limit: { type: 'integer', minimum: 1, maximum: PAGE_MAX_LIMIT, default: PAGE_DEFAULT_LIMIT, description: `rows per page (1-${PAGE_MAX_LIMIT})` },
    offset: { type: 'integer', minimum: 0, maximum: INT4_MAX, default: 0, description: 'rows to skip' },
  },
} as const;

export interface PageQuery {
  limit: number;
  offset: number;
}
export interface IdParams {
  id: number;
}

/** A person's name or a subject's title: 1-100 characters, not blank, no control characters (NUL cannot be stored). */
export const nameSchema = {
  type: 'string',
  minLength: 1,
  maxLength: NAME_MAX_LENGTH,
  pattern: '^(?=.*\\S)[^\\u0000-\\u001F\\u007F]+$',
} as const;

export const errorResponses = {
  404: errorSchema,
  422: errorSchema,
  503: errorSchema,
} as const;

// A sign too, so -1 fails as "must be >= 1" (what is wrong) rather than "must be integer".
const integerText = /^-?\d{1,15}$/;
const integerFields: Record<'params' | 'query', string[]> = { params: ['id'], query: ['limit', 'offset'] };

/**
 * Path and query values are always text. Bodies are validated without type coercion
 * ("5" is not a grade), so the integers of paths and queries are converted here,
 * explicitly and only when they are plain digits; anything else fails validation.
 */
export function integersFromText(request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void {
  for (const part of ['params', 'query'] as const) {
    const values = request[part] as Record<string, unknown> | undefined;
    if (!values) continue;
    for (const key of integerFields[part]) {
      const v = values[key];
      if (typeof v === 'string' && integerText.test(v)) values[key] = Number(v);
    }
  }
  done();
}

/**
 * A DELETE carries no body, but many clients still send `content-type: application/json`
 * with it, which Fastify would refuse as an empty JSON body (400). Drop that header.
 */
export function bodylessDelete(request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void {
  if (request.method === 'DELETE' && request.headers['transfer-encoding'] === undefined && (request.headers['content-length'] ?? '0') === '0') {
    delete request.headers['content-type'];
  }
  done();
}

// /subjects/: the original list and create, plus one subject and delete.
import type { FastifyInstance } from 'fastify';
import { notFound } from '../errors.js';
import { queries } from '../db/queries.js';
import { errorResponses, idParams, nameSchema, pageQuery, type IdParams, type PageQuery } from './request-schemas.js';

const subject = {
  type: 'object',
  properties: { id: { type: 'integer' }, title: { type: 'string' } },
  required: ['id', 'title'],
} as const;

const tags = ['subjects'];

export async function subjectRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: PageQuery }>(
    '/subjects/',
    { schema: { tags, summary: 'List subjects', querystring: pageQuery, response: { 200: { type: 'array', items: subject }, ...errorResponses } } },
    async (req) => queries.listSubjects(app.db, req.query),
  );

  app.post<{ Body: { title: string } }>(
    '/subjects/',
    {
      schema: {
        tags,
        summary: 'Create a subject',
        body: { type: 'object', additionalProperties: false, properties: { title: nameSchema }, required: ['title'] },
        response: { 200: subject, ...errorResponses },
      },
    },
    async (req) => queries.createSubject(app.db, req.body.title),
  );

  app.get<{ Params: IdParams }>(
    '/subjects/:id',
    { schema: { tags, summary: 'One subject', params: idParams, response: { 200: subject, ...errorResponses } } },
    async (req) => {
      const found = await queries.getSubject(app.db, req.params.id);
      if (!found) throw notFound('subject', req.params.id);
      return found;
    },
  );

  app.delete<{ Params: IdParams }>(
    '/subjects/:id',
    {
      schema: {
        tags,
        summary: 'Delete a subject and its grades',
        params: idParams,
        response: { 204: { type: 'null', description: 'deleted' }, ...errorResponses },
      },
    },
    async (req, reply) => {
      if (!(await queries.deleteSubject(app.db, req.params.id))) throw notFound('subject', req.params.id);
      return reply.code(204).send();
    },
  );
}

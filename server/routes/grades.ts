// /grades/: the original list and create (refusing unknown students and subjects by name), plus one grade and delete.
import type { FastifyInstance } from 'fastify';
import { HttpError, notFound } from '../errors.js';
import { queries } from '../db/queries.js';
import { errorResponses, GRADE_MAX, GRADE_MIN, idParams, idSchema, pageQuery, type IdParams, type PageQuery } from './request-schemas.js';

const grade = {
  type: 'object',
  properties: { id: { type: 'integer' }, value: { type: 'integer' }, student_id: { type: 'integer' }, subject_id: { type: 'integer' } },
  required: ['id', 'value', 'student_id', 'subject_id'],
} as const;

const newGrade = {
  type: 'object',
  additionalProperties: false,
  properties: {
    value: { type: 'integer', minimum: GRADE_MIN, maximum: GRADE_MAX, description: `whole number ${GRADE_MIN}-${GRADE_MAX}` },
    student_id: idSchema,
    subject_id: idSchema,
  },
  required: ['value', 'student_id', 'subject_id'],
} as const;

const tags = ['grades'];

export async function gradeRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: PageQuery }>(
    '/grades/',
    { schema: { tags, summary: 'List grades', querystring: pageQuery, response: { 200: { type: 'array', items: grade }, ...errorResponses } } },
    async (req) => queries.listGrades(app.db, req.query),
  );

  app.post<{ Body: { value: number; student_id: number; subject_id: number } }>(
    '/grades/',
    { schema: { tags, summary: 'Give a student a grade in a subject', body: newGrade, response: { 200: grade, ...errorResponses } } },
    async (req) => {
      const result = await queries.createGrade(app.db, req.body);
      if (result.grade) return result.grade;
      const missing = [result.studentExists ? '' : `student ${req.body.student_id}`, result.subjectExists ? '' : `subject ${req.body.subject_id}`].filter(
        Boolean,
      );
      throw new HttpError(422, `${missing.join(' and ')} ${missing.length > 1 ? 'do' : 'does'} not exist`, { missing });
    },
  );

  app.get<{ Params: IdParams }>(
    '/grades/:id',
    { schema: { tags, summary: 'One grade', params: idParams, response: { 200: grade, ...errorResponses } } },
    async (req) => {
      const found = await queries.getGrade(app.db, req.params.id);
      if (!found) throw notFound('grade', req.params.id);
      return found;
    },
  );

  app.delete<{ Params: IdParams }>(
    '/grades/:id',
    { schema: { tags, summary: 'Delete a grade', params: idParams, response: { 204: { type: 'null', description: 'deleted' }, ...errorResponses } } },
    async (req, reply) => {
      if (!(await queries.deleteGrade(app.db, req.params.id))) throw notFound('grade', req.params.id);
      return reply.code(204).send();
    },
  );
}

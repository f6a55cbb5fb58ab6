// /students/: the original list and create, plus one student, their grades, and delete.
import type { FastifyInstance } from 'fastify';
import { notFound } from '../errors.js';
import { queries } from '../db/queries.js';
import { errorResponses, idParams, nameSchema, pageQuery, type IdParams, type PageQuery } from './request-schemas.js';

const student = {
  type: 'object',
  properties: { id: { type: 'integer' }, name: { type: 'string' } },
  required: ['id', 'name'],
} as const;

const studentGrades = {
  type: 'object',
  properties: {
    student: student,
    grades: {
      type: 'array',
      items: {
        type: 'object',
        properties: { id: { type: 'integer' }, value: { type: 'integer' }, subject_id: { type: 'integer' }, subject_title: { type: 'string' } },
      },
    },
    count: { type: 'integer' },
    average: { type: ['number', 'null'], description: "mean of the student's grades, 2 decimals; null without grades" },
  },
} as const;

const tags = ['students'];

export async function studentRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: PageQuery }>(
    '/students/',
    { schema: { tags, summary: 'List students', querystring: pageQuery, response: { 200: { type: 'array', items: student }, ...errorResponses } } },
    async (req) => queries.listStudents(app.db, req.query),
  );

  app.post<{ Body: { name: string } }>(
    '/students/',
    {
      schema: {
        tags,
        summary: 'Create a student',
        body: { type: 'object', additionalProperties: false, properties: { name: nameSchema }, required: ['name'] },
        response: { 200: student, ...errorResponses },
      },
    },
    async (req) => queries.createStudent(app.db, req.body.name),
  );

  app.get<{ Params: IdParams }>(
    '/students/:id',
    { schema: { tags, summary: 'One student', params: idParams, response: { 200: student, ...errorResponses } } },
    async (req) => {
      const found = await queries.getStudent(app.db, req.params.id);
      if (!found) throw notFound('student', req.params.id);
      return found;
    },
  );

  app.get<{ Params: IdParams }>(
    '/students/:id/grades',
    {
      schema: {
        tags,
        summary: "A student's grades with subject titles and their average",
        params: idParams,
        response: { 200: studentGrades, ...errorResponses },
      },
    },
    async (req) => {
      const found = await queries.getStudent(app.db, req.params.id);
      if (!found) throw notFound('student', req.params.id);
      const grades = await queries.studentGrades(app.db, req.params.id);
      const sum = grades.reduce((s, g) => s + g.value, 0);
      const average = grades.length ? Math.round((sum / grades.length) * 100) / 100 : null;
      return { student: found, grades, count: grades.length, average };
    },
  );

  app.delete<{ Params: IdParams }>(
    '/students/:id',
    {
      schema: {
        tags,
        summary: 'Delete a student and their grades',
        params: idParams,
        response: { 204: { type: 'null', description: 'deleted' }, ...errorResponses },
      },
    },
    async (req, reply) => {
      if (!(await queries.deleteStudent(app.db, req.params.id))) throw notFound('student', req.params.id);
      return reply.code(204).send();
    },
  );
}

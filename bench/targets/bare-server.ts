// The yardstick for the gradebook's overhead: bare Fastify + pg serving GET /students/ with
// the same prepared query and pool size as server/, and nothing else (no metrics, no
// validation, no hooks, no logger). `node --import tsx bench/targets/bare-server.ts` with DATABASE_URL
// and PORT; prints "ready" once listening.
import Fastify from 'fastify';
import pg from 'pg';

// Idle connections kept 30 s as server/db/pool.ts does: with pg's default 10 s, this pool closed
// its connections while the bench ran the gradebook, and the PostgreSQL backends exiting (and
// reconnecting at this server's next run) on the shared core showed up as the other server's tail.
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10, idleTimeoutMillis: 30_000 });
const app = Fastify({ logger: false });
app.get('/students/', async () => {
  const r = await pool.query({ name: 'list-students', text: 'SELECT id, name FROM students ORDER BY id LIMIT $1 OFFSET $2', values: [100, 0] });
  return r.rows;
});
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.stdout.write('ready\n');
const stop = () =>
  void app
    .close()
    .then(() => pool.end())
    .finally(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);

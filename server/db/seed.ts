// Sample data for an empty database: a handful of readable rows by default, or a larger
// generated set (SEED=large) so load tests touch realistic amounts of data.
import type pg from 'pg';

export type SeedMode = 'sample' | 'large' | 'none';
export const seedModes: readonly SeedMode[] = ['sample', 'large', 'none'];

const sampleStudents = [
  'Ada Lovelace',
  'Alan Turing',
  'Grace Hopper',
  'Edsger Dijkstra',
  'Barbara Liskov',
  'Donald Knuth',
  'Margaret Hamilton',
  'Ken Thompson',
  'Frances Allen',
  'John Backus',
];
const sampleSubjects = ['Mathematics', 'Physics', 'Computer Science', 'History', 'Literature'];

/** Sizes of the generated data set. */
export const LARGE_SEED = { students: 10_000, subjects: 50, gradesPerStudent: 20 };

export interface SeedResult {
  seeded: boolean;
  students: number;
  subjects: number;
  grades: number;
}

/** Seeds only when there are no students yet, so restarts never duplicate data. */
export async function seedIfEmpty(client: pg.ClientBase, mode: SeedMode): Promise<SeedResult> {
  const none = { seeded: false, students: 0, subjects: 0, grades: 0 };
  if (mode === 'none') return none;
  const { rows } = await client.query('SELECT EXISTS (SELECT 1 FROM students) AS any');
  if (rows[0].any) return none;
  await client.query('BEGIN');
  try {
    const result = mode === 'large' ? await seedLarge(client) : await seedSample(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  }
}

async function seedSample(client: pg.ClientBase): Promise<SeedResult> {
  await client.query('INSERT INTO students(name) SELECT unnest($1::text[])', [sampleStudents]);
  await client.query('INSERT INTO subjects(title) SELECT unnest($1::text[])', [sampleSubjects]);
  // Three grades per student per subject, deterministic so examples in the docs stay true.
  const grades = await client.query(`
    INSERT INTO grades(value, student_id, subject_id)
    SELECT 1 + (st.id * 7 + su.id * 3 + n) % 5, st.id, su.id
    FROM students st CROSS JOIN subjects su CROSS JOIN generate_series(1, 3) AS n`);
  return { seeded: true, students: sampleStudents.length, subjects: sampleSubjects.length, grades: grades.rowCount ?? 0 };
}

async function seedLarge(client: pg.ClientBase): Promise<SeedResult> {
  const { students, subjects, gradesPerStudent } = LARGE_SEED;
  await client.query(`INSERT INTO students(name) SELECT 'Student ' || n FROM generate_series(1, $1::int) AS n`, [students]);
  await client.query(`INSERT INTO subjects(title) SELECT 'Subject ' || n FROM generate_series(1, $1::int) AS n`, [subjects]);
  const grades = await client.query(
    `INSERT INTO grades(value, student_id, subject_id)
     SELECT 1 + floor(random() * 5)::int, st.id, (SELECT min(id) FROM subjects) + floor(random() * $2::int)::int
     FROM students st CROSS JOIN generate_series(1, $1::int)`,
    [gradesPerStudent, subjects],
  );
  return { seeded: true, students, subjects, grades: grades.rowCount ?? 0 };
}

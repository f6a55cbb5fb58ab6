// Every SQL statement the routes run. Named statements are prepared once per connection,
// which keeps the hot path (GET /students/) cheap.
import type pg from 'pg';

export interface Student {
  id: number;
  name: string;
}
export interface Subject {
  id: number;
  title: string;
}
export interface Grade {
  id: number;
  value: number;
  student_id: number;
  subject_id: number;
}
export interface StudentGrade {
  id: number;
  value: number;
  subject_id: number;
  subject_title: string;
}
export interface Page {
  limit: number;
  offset: number;
}

type Db = pg.Pool;

export const queries = {
  async listStudents(db: Db, page: Page): Promise<Student[]> {
    const r = await db.query<Student>({
      name: 'list-students',
      text: 'SELECT id, name FROM students ORDER BY id LIMIT $1 OFFSET $2',
      values: [page.limit, page.offset],
    });
    return r.rows;
  },
  async getStudent(db: Db, id: number): Promise<Student | undefined> {
    const r = await db.query<Student>({ name: 'get-student', text: 'SELECT id, name FROM students WHERE id = $1', values: [id] });
    return r.rows[0];
  },
  async createStudent(db: Db, name: string): Promise<Student> {
    const r = await db.query<Student>({ name: 'create-student', text: 'INSERT INTO students(name) VALUES ($1) RETURNING id, name', values: [name] });
    return r.rows[0];
  },
  async deleteStudent(db: Db, id: number): Promise<boolean> {
    const r = await db.query({ name: 'delete-student', text: 'DELETE FROM students WHERE id = $1', values: [id] });
    return (r.rowCount ?? 0) > 0;
  },
  async studentGrades(db: Db, id: number): Promise<StudentGrade[]> {
    const r = await db.query<StudentGrade>({
      name: 'student-grades',
      text: `SELECT g.id, g.value, g.subject_id, s.title AS subject_title
             FROM grades g JOIN subjects s ON s.id = g.subject_id
             WHERE g.student_id = $1 ORDER BY s.title, g.id`,
      values: [id],
    });
    return r.rows;
  },

  async listSubjects(db: Db, page: Page): Promise<Subject[]> {
    const r = await db.query<Subject>({
      name: 'list-subjects',
      text: 'SELECT id, title FROM subjects ORDER BY id LIMIT $1 OFFSET $2',
      values: [page.limit, page.offset],
    });
    return r.rows;
  },
  async getSubject(db: Db, id: number): Promise<Subject | undefined> {
    const r = await db.query<Subject>({ name: 'get-subject', text: 'SELECT id, title FROM subjects WHERE id = $1', values: [id] });
    return r.rows[0];
  },
  async createSubject(db: Db, title: string): Promise<Subject> {
    const r = await db.query<Subject>({ name: 'create-subject', text: 'INSERT INTO subjects(title) VALUES ($1) RETURNING id, title', values: [title] });
    return r.rows[0];
  },
  async deleteSubject(db: Db, id: number): Promise<boolean> {
    const r = await db.query({ name: 'delete-subject', text: 'DELETE FROM subjects WHERE id = $1', values: [id] });
    return (r.rowCount ?? 0) > 0;
  },

  async listGrades(db: Db, page: Page): Promise<Grade[]> {
    const r = await db.query<Grade>({
      name: 'list-grades',
      text: 'SELECT id, value, student_id, subject_id FROM grades ORDER BY id LIMIT $1 OFFSET $2',
      values: [page.limit, page.offset],
    });
    return r.rows;
  },
  /**
   * Inserts a grade only if its student and subject exist, in one statement, and says
   * which of the two is missing otherwise (no race between a check and the insert).
   */
  async createGrade(db: Db, g: Omit<Grade, 'id'>): Promise<{ grade?: Grade; studentExists: boolean; subjectExists: boolean }> {
    const r = await db.query<{ id: number | null; student_exists: boolean; subject_exists: boolean }>({
      name: 'create-grade',
      text: `WITH st AS (SELECT id FROM students WHERE id = $2),
                  su AS (SELECT id FROM subjects WHERE id = $3),
                  ins AS (INSERT INTO grades(value, student_id, subject_id)
                          SELECT $1, st.id, su.id FROM st, su RETURNING id)
             SELECT (SELECT id FROM ins) AS id,
                    EXISTS (SELECT 1 FROM st) AS student_exists,
                    EXISTS (SELECT 1 FROM su) AS subject_exists`,
      values: [g.value, g.student_id, g.subject_id],
    });
    const row = r.rows[0];
    const grade = row.id === null ? undefined : { id: row.id, ...g };
    return { grade, studentExists: row.student_exists, subjectExists: row.subject_exists };
  },
  async getGrade(db: Db, id: number): Promise<Grade | undefined> {
    const r = await db.query<Grade>({ name: 'get-grade', text: 'SELECT id, value, student_id, subject_id FROM grades WHERE id = $1', values: [id] });
    return r.rows[0];
  },
  async deleteGrade(db: Db, id: number): Promise<boolean> {
    const r = await db.query({ name: 'delete-grade', text: 'DELETE FROM grades WHERE id = $1', values: [id] });
    return (r.rowCount ?? 0) > 0;
  },
};

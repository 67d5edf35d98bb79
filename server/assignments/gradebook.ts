/**
 * Gradebook exports for learning management systems (docs/ASSIGNMENTS.md,
 * "Gradebook export"): one row per class member, one column per assignment
 * and per live game of the class, in the column layouts Canvas and Moodle
 * import. Written with the reports' RFC 4180 writer and its formula guard.
 */
import { toCsv, type CsvCell } from '../reports/csv';

/** The LMS layouts. */
export const GRADEBOOK_FORMATS = ['canvas', 'moodle'] as const;
/** One layout. */
export type GradebookFormat = (typeof GRADEBOOK_FORMATS)[number];
/** What a grade column holds. */
export const GRADEBOOK_SCALES = ['points', 'percent'] as const;
/** One scale. */
export type GradebookScale = (typeof GRADEBOOK_SCALES)[number];

/** The fixed leading columns of Canvas's gradebook import, in its order. */
export const CANVAS_COLUMNS = ['Student', 'ID', 'SIS User ID', 'SIS Login ID', 'Section'] as const;
/** The identity columns of the Moodle export (the import maps one of them to a user field). */
export const MOODLE_COLUMNS = ['First name', 'Last name', 'ID number', 'Email address'] as const;
/** First cell of Canvas's optional second row. */
export const CANVAS_POINTS_POSSIBLE = 'Points Possible';

/** A class member as the gradebook names them. */
export interface GradebookStudent {
  readonly memberId: string;
  readonly nickname: string;
  readonly studentId: string | null;
  readonly name: string | null;
  readonly email: string | null;
}

/** One graded item: an assignment or a game. */
export interface GradeColumn {
  readonly title: string;
  /** Most points (null when unbounded, e.g. a live game's score in points). */
  readonly pointsPossible: number | null;
  /** Grade by member id; a member without one gets an empty cell. */
  readonly grades: ReadonlyMap<string, number>;
}

/** The header of an item's column: its title and what it is, so two items never share a header. */
export function columnTitle(kind: 'assignment' | 'game', title: string, at: number): string {
  return `${title.trim() || 'Untitled'} (gradflow ${kind} ${new Date(at).toISOString().slice(0, 10)})`;
}

const splitName = (s: GradebookStudent): [string, string] => {
  const full = (s.name ?? s.nickname).trim();
  const at = full.lastIndexOf(' ');
  return at > 0 ? [full.slice(0, at), full.slice(at + 1)] : [full, ''];
};

const grade = (c: GradeColumn, memberId: string): CsvCell => {
  const g = c.grades.get(memberId);
  return g === undefined ? null : g;
};

/**
 * Canvas: `Student, ID, SIS User ID, SIS Login ID, Section`, then one column
 * per item; a `Points Possible` row second. Canvas matches a row to a student
 * by its SIS User ID (the member's student identifier); `ID` (Canvas's own
 * user id) and `SIS Login ID` are left empty.
 */
export function canvasCsv(section: string, students: readonly GradebookStudent[], columns: readonly GradeColumn[]): string {
  const rows: CsvCell[][] = [
    [...CANVAS_COLUMNS, ...columns.map((c) => c.title)],
    [CANVAS_POINTS_POSSIBLE, null, null, null, null, ...columns.map((c) => c.pointsPossible)],
  ];
  for (const s of students) rows.push([s.name ?? s.nickname, null, s.studentId, null, section, ...columns.map((c) => grade(c, s.memberId))]);
  return toCsv(rows);
}

/**
 * Moodle: `First name, Last name, ID number, Email address`, then one column
 * per item. On import choose "Map from: ID number → useridnumber" (or "Email
 * address → email") and map each item's column to a grade item.
 */
export function moodleCsv(students: readonly GradebookStudent[], columns: readonly GradeColumn[]): string {
  const rows: CsvCell[][] = [[...MOODLE_COLUMNS, ...columns.map((c) => c.title)]];
  for (const s of students) {
    const [first, last] = splitName(s);
    rows.push([first, last, s.studentId, s.email, ...columns.map((c) => grade(c, s.memberId))]);
  }
  return toCsv(rows);
}

/** The download's file name. */
export function gradebookFileName(className: string, format: GradebookFormat, at: number): string {
  const name = className.normalize('NFKD').replace(/[^A-Za-z0-9]+/gu, '-').replace(/^-|-$/gu, '').slice(0, 40).toLowerCase() || 'class';
  return `gradflow-${name}-${new Date(at).toISOString().slice(0, 10)}-${format}.csv`;
}

/**
 * CSV exports of a report that open cleanly in a spreadsheet: a header row,
 * RFC 4180 quoting, CRLF line ends, UTF-8 with a byte-order mark (so Excel
 * reads accents and symbols), and no formulas — a cell that starts with
 * `=`, `+`, `-`, `@`, tab or CR gets a leading `'` so it is shown as text.
 */
import type { GameReport, Verdict } from '@/engine/reports';

/** The byte-order mark that tells spreadsheets the file is UTF-8. */
export const UTF8_BOM = '\uFEFF';
/** RFC 4180 line end. */
export const CRLF = '\r\n';

/** A cell: text (user input allowed), a number, or empty. */
export type CsvCell = string | number | null;

const FORMULA_START = /^[=+\-@\t\r]/u;
const NEEDS_QUOTES = /[",\r\n]/u;

/** One cell as CSV: neutralised, then quoted when it holds a quote, comma or line break. */
export function csvCell(value: CsvCell): string {
  if (value === null) return '';
  let text = typeof value === 'number' ? String(value) : value;
  // Spreadsheets run a cell starting with these as a formula (CSV injection).
  if (FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/gu, '""')}"` : text;
}

/** A whole CSV document: BOM, one CRLF-terminated line per row. */
export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  return UTF8_BOM + rows.map((row) => row.map(csvCell).join(',') + CRLF).join('');
}

/** The tables a report exports as CSV. */
export const CSV_TABLES = ['answers', 'students'] as const;
/** One exportable table. */
export type CsvTable = (typeof CSV_TABLES)[number];

const VERDICT_TEXT: Record<Verdict, string> = {
  correct: 'correct',
  partial: 'partial',
  wrong: 'wrong',
  none: 'no answer',
  absent: 'not in game',
  voted: 'voted',
};

const seconds = (ms: number | null): string | null => (ms === null ? null : (ms / 1000).toFixed(1));
const credit = (c: number): number => Math.round(c * 1000) / 1000;

/** Columns of the answers table: one row per student per question. */
export const ANSWER_COLUMNS = [
  'rank',
  'nickname',
  'student_id',
  'question',
  'question_id',
  'type',
  'status',
  'answer',
  'verdict',
  'credit',
  'points',
  'response_s',
  'note_codes',
  'feedback',
] as const;

/** Columns of the students table: one summary row per student. */
export const STUDENT_COLUMNS = ['rank', 'nickname', 'student_id', 'score', 'correct', 'partial', 'wrong', 'no_answer', 'avg_response_s'] as const;

/** One row per student per question, in leaderboard then question order. */
export function answersCsv(report: GameReport): string {
  const rows: CsvCell[][] = [[...ANSWER_COLUMNS]];
  for (const s of report.students) {
    for (const a of s.answers) {
      const q = report.questions[a.questionIndex];
      rows.push([
        s.rank,
        s.nickname,
        s.memberId ?? s.playerId,
        a.questionIndex + 1,
        a.questionId,
        q?.type ?? null,
        q?.status ?? null,
        a.answerText,
        VERDICT_TEXT[a.verdict],
        credit(a.credit),
        a.points,
        seconds(a.responseMs),
        a.notes.map((n) => n.code).join('; '),
        a.notes.map((n) => n.message).join(' | '),
      ]);
    }
  }
  return toCsv(rows);
}

/** One summary row per student, in leaderboard order. */
export function studentsCsv(report: GameReport): string {
  const rows: CsvCell[][] = [[...STUDENT_COLUMNS]];
  for (const s of report.students) {
    rows.push([s.rank, s.nickname, s.memberId ?? s.playerId, s.score, s.correct, s.partial, s.wrong, s.unanswered, seconds(s.averageResponseMs)]);
  }
  return toCsv(rows);
}

/** The file name of an export: the title and date, safe for any file system. */
export function exportFileName(report: GameReport, table: CsvTable | 'report', ext: 'csv' | 'json'): string {
  const title = report.title.normalize('NFKD').replace(/[^A-Za-z0-9]+/gu, '-').replace(/^-|-$/gu, '').slice(0, 40).toLowerCase() || 'game';
  const date = new Date(report.endedAt).toISOString().slice(0, 10);
  return `gradflow-${title}-${date}-${table}.${ext}`;
}

import { describe, expect, it } from 'vitest';
import type { Note } from './notes';
import { NOTE_CODES, isUngraded, note, summariseNotes } from './notes';

const r = (...notes: Note[]): { notes: Note[] } => ({ notes });
const missing = note(NOTE_CODES.pathMissing, 'missing');
const sign = note(NOTE_CODES.termSign, 'sign');
const parse = note(NOTE_CODES.parseError, 'parse');

describe('summariseNotes', () => {
  it('counts each student once per code, most common first', () => {
    const rows = summariseNotes([r(missing, missing, sign), r(missing), r(parse), r(), r(sign, missing)]);
    expect(rows.map((x) => [x.code, x.count, x.occurrences])).toEqual([
      ['path/missing', 3, 4],
      ['term/sign', 2, 2],
      ['parse/error', 1, 1],
    ]);
    expect(rows[0]?.message).toContain('path');
    expect(summariseNotes([])).toEqual([]);
  });

  it('breaks ties by occurrences, then by code', () => {
    const rows = summariseNotes([r(sign, sign), r(missing), r(parse)]);
    expect(rows.map((x) => x.code)).toEqual(['term/sign', 'parse/error', 'path/missing']);
  });
});

describe('isUngraded', () => {
  it('is true exactly for results carrying a parse note', () => {
    expect(isUngraded(r(parse))).toBe(true);
    expect(isUngraded(r(note(NOTE_CODES.parseTooLong, 'long')))).toBe(true);
    expect(isUngraded(r(missing))).toBe(false);
    expect(isUngraded(r())).toBe(false);
  });
});

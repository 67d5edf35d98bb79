/**
 * Class members' identifiers for the gradebook (student id, name, email), kept
 * apart from the member records as `member-profile/<memberId>` documents, and
 * the roster CSV import that fills them.
 */
import { PROFILE_COLLECTION, PROFILE_FIELD_MAX, type MemberProfile, type RosterRow } from '@/engine/assignments';
import type { ClassRegistry, MemberRecord } from '../classes';
import type { Store } from '../store/types';
import { parseCsv } from './csv-parse';

/** One roster entry as the instructor sends it: which member, and the identifiers (null clears one). */
export interface RosterEntry {
  readonly memberId: string;
  readonly studentId?: string | null;
  readonly name?: string | null;
  readonly email?: string | null;
}

const clean = (v: string | null | undefined): string | null => {
  const t = v?.trim().slice(0, PROFILE_FIELD_MAX);
  return t ? t : null;
};

/** Reads and writes member profiles. */
export class ProfileRegistry {
  constructor(
    private readonly store: Store,
    private readonly classes: ClassRegistry,
  ) {}

  /** The profiles of a class's members, by member id. */
  async forClass(classId: string): Promise<Map<string, MemberProfile>> {
    const all = (await this.store.listDocs(PROFILE_COLLECTION)) as MemberProfile[];
    return new Map(all.filter((p) => p.classId === classId).map((p) => [p.memberId, p]));
  }

  /** Every member of the class with their identifiers, by nickname (case-insensitive), then member id. */
  async roster(classId: string): Promise<RosterRow[]> {
    const [members, profiles] = await Promise.all([this.classes.listMembers(classId), this.forClass(classId)]);
    return members
      .map((m) => {
        const p = profiles.get(m.id);
        return { memberId: m.id, nickname: m.nickname, studentId: p?.studentId ?? null, name: p?.name ?? null, email: p?.email ?? null };
      })
      .sort((a, b) => a.nickname.toLowerCase().localeCompare(b.nickname.toLowerCase()) || a.memberId.localeCompare(b.memberId));
  }

  /**
   * Writes entries for members of the class; a field left out keeps its value.
   * Returns the member ids that are not in the class (nothing is written for them).
   */
  async update(classId: string, entries: readonly RosterEntry[]): Promise<string[]> {
    const members = new Map((await this.classes.listMembers(classId)).map((m) => [m.id, m]));
    const profiles = await this.forClass(classId);
    const unknown: string[] = [];
    for (const e of entries) {
      if (!members.has(e.memberId)) {
        unknown.push(e.memberId);
        continue;
      }
      const old = profiles.get(e.memberId);
      const next: MemberProfile = {
        memberId: e.memberId,
        classId,
        studentId: e.studentId === undefined ? (old?.studentId ?? null) : clean(e.studentId),
        name: e.name === undefined ? (old?.name ?? null) : clean(e.name),
        email: e.email === undefined ? (old?.email ?? null) : clean(e.email),
      };
      await this.store.putDoc(PROFILE_COLLECTION, e.memberId, next);
    }
    return unknown;
  }
}

/** Header names a roster CSV may use (case and spaces ignored). */
const ROSTER_HEADERS = {
  memberId: ['member_id', 'memberid', 'gradflow_id'],
  nickname: ['nickname'],
  studentId: ['student_id', 'studentid', 'sis_user_id', 'id_number', 'idnumber'],
  name: ['name', 'student', 'full_name'],
  email: ['email', 'email_address'],
} as const;

const headerKey = (h: string) => h.trim().toLowerCase().replace(/[\s-]+/gu, '_');

/**
 * Turns a roster CSV into entries. Each row names its member by `member_id`
 * or else by `nickname` (case-insensitive; must match exactly one member);
 * `student_id`, `name` and `email` columns are optional. Rows that match no
 * member, or several, come back in `unmatched` with their line number.
 */
export function rosterFromCsv(
  text: string,
  members: readonly MemberRecord[],
): { ok: true; entries: RosterEntry[]; unmatched: { line: number; message: string }[] } | { ok: false; message: string } {
  const parsed = parseCsv(text);
  if (!parsed.ok) return parsed;
  const [header, ...rows] = parsed.rows;
  if (!header) return { ok: false, message: 'The roster CSV is empty: it needs a header row.' };
  const keys = header.map(headerKey);
  const col = (names: readonly string[]) => keys.findIndex((k) => names.includes(k));
  const c = {
    memberId: col(ROSTER_HEADERS.memberId),
    nickname: col(ROSTER_HEADERS.nickname),
    studentId: col(ROSTER_HEADERS.studentId),
    name: col(ROSTER_HEADERS.name),
    email: col(ROSTER_HEADERS.email),
  };
  if (c.memberId < 0 && c.nickname < 0) return { ok: false, message: 'The roster CSV needs a member_id or a nickname column to find each student.' };
  if (c.studentId < 0 && c.name < 0 && c.email < 0) return { ok: false, message: 'The roster CSV needs a student_id, name or email column.' };
  const byId = new Map(members.map((m) => [m.id, m]));
  const entries: RosterEntry[] = [];
  const unmatched: { line: number; message: string }[] = [];
  rows.forEach((row, i) => {
    const line = i + 2;
    if (row.every((cell) => cell.trim() === '')) return;
    const cell = (at: number) => (at >= 0 ? (row[at] ?? '') : undefined);
    let member: MemberRecord | undefined;
    const id = cell(c.memberId)?.trim();
    if (id) {
      member = byId.get(id);
      if (!member) return unmatched.push({ line, message: `No member with id "${id}" in this class.` });
    } else {
      const nick = cell(c.nickname)?.trim().toLowerCase() ?? '';
      const found = members.filter((m) => m.nickname.toLowerCase() === nick);
      if (found.length !== 1) {
        return unmatched.push({ line, message: found.length === 0 ? `No member with nickname "${cell(c.nickname)?.trim() ?? ''}".` : `Several members use the nickname "${cell(c.nickname)?.trim() ?? ''}": use member_id.` });
      }
      member = found[0];
    }
    if (!member) return;
    entries.push({
      memberId: member.id,
      ...(c.studentId >= 0 ? { studentId: cell(c.studentId) ?? null } : {}),
      ...(c.name >= 0 ? { name: cell(c.name) ?? null } : {}),
      ...(c.email >= 0 ? { email: cell(c.email) ?? null } : {}),
    });
  });
  return { ok: true, entries, unmatched };
}

/**
 * The assignments JSON API (docs/ASSIGNMENTS.md): assignments, students'
 * attempts, practice, the roster of student identifiers and the gradebook
 * export. The instructor sends `Authorization: Bearer <instructor key>`; a
 * student sends their class member token. Returns false for paths it does
 * not own, so it composes with the reports and packs APIs.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import {
  ASSIGNMENT_TITLE_MAX,
  DEFAULT_ATTEMPTS,
  LEADERBOARD_POINTS_PER_QUESTION,
  MAX_ATTEMPTS,
  PROFILE_FIELD_MAX,
  markOf,
  type AssignmentListResponse,
  type AssignmentRecord,
  type RosterResponse,
  type StudentAssignmentListResponse,
} from '@/engine/assignments';
import { NICKNAME_MAX, answerSchema, normaliseNickname } from '@/engine/protocol';
import type { PracticeAnswerResponse } from '@/engine/practice';
import { unreadableNote } from '@/engine/quiz/runtime';
import type { ReportSummary } from '@/engine/reports';
import type { ClassRecord, ClassRegistry, MemberRecord } from '../classes';
import type { PackSource } from '../game/ports';
import { MAX_BODY_BYTES, readJson, sendJson } from '../http/json';
import type { InstructorAuth } from '../instructor';
import type { KeyedLimiter } from '../rate-limit';
import { bearerToken, type ApiHandler } from '../reports/api';
import { classGames } from '../reports/class-board';
import { ReportReader } from '../reports/report-reader';
import type { Store } from '../store/types';
import {
  GRADEBOOK_FORMATS,
  GRADEBOOK_SCALES,
  canvasCsv,
  columnTitle,
  gradebookFileName,
  moodleCsv,
  type GradeColumn,
  type GradebookFormat,
  type GradebookScale,
  type GradebookStudent,
} from './gradebook';
import { PracticeService } from './practice';
import { ProfileRegistry, rosterFromCsv } from './profiles';
import { AssignmentError, AssignmentService, type AssignmentErrorCode } from './service';

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const id = z.string().regex(ID);
const questionId = z.string().min(1).max(64);

const createBody = z
  .object({
    classId: id,
    title: z.string().max(ASSIGNMENT_TITLE_MAX).optional(),
    source: z.discriminatedUnion('kind', [z.object({ kind: z.literal('pack'), packId: id }).strict(), z.object({ kind: z.literal('game'), roomId: id }).strict()]),
    questionIds: z.array(questionId).min(1).max(200).optional(),
    opensAt: z.number().int().nonnegative(),
    closesAt: z.number().int().nonnegative(),
    attempts: z.number().int().min(1).max(MAX_ATTEMPTS).default(DEFAULT_ATTEMPTS),
  })
  .strict();

const answerBody = z
  .object({ questionId, attempt: z.number().int().min(1).max(MAX_ATTEMPTS), answerId: z.string().min(1).max(64), answer: answerSchema })
  .strict();

const joinBody = z.object({ nickname: z.string().max(200) }).strict();

const field = z.string().max(PROFILE_FIELD_MAX).nullable().optional();
const rosterBody = z
  .object({ entries: z.array(z.object({ memberId: id, studentId: field, name: field, email: field }).strict()).max(5000) })
  .strict();

const practiceBody = z.object({ id: z.string().min(1).max(200), seed: z.number().int().min(0).max(0xffff_ffff), answer: answerSchema }).strict();

/** What the assignments API needs. */
export interface AssignmentsApiDeps {
  readonly store: Store;
  readonly classes: ClassRegistry;
  readonly packs: PackSource;
  readonly instructor: InstructorAuth;
  /** The server's clock (tests step a manual one). */
  readonly now: () => number;
  /**
   * New members joining through one assignment's link, keyed `assignment:<id>` (server/index.ts passes the
   * joins-per-room limiter that live games use, cluster-wide on Redis); none means unlimited.
   */
  readonly joins?: KeyedLimiter;
}

/** The assignments API and the services behind it (the reports API reads `leaderboardEntries`). */
export interface AssignmentsApi {
  readonly handle: ApiHandler;
  readonly assignments: AssignmentService;
  /** The class's opened assignments as leaderboard entries (`GET /api/classes/:id/leaderboard?assignments=include`). */
  leaderboardEntries(classId: string): Promise<ReportSummary[]>;
}

const MESSAGES = {
  instructorMissing: 'This is for the instructor: send the instructor key as "Authorization: Bearer <key>".',
  instructorWrong: 'That instructor key is not valid.',
  memberMissing: 'Send your class member token (your reclaim code) as "Authorization: Bearer <token>".',
  memberWrong: 'That member token does not belong to this class.',
  assignmentMissing: 'No assignment with that id.',
  classMissing: 'No class with that id.',
} as const;

function sendError(res: ServerResponse, status: number, error: AssignmentErrorCode, message: string): true {
  const headers: Record<string, string> = status === 401 ? { 'www-authenticate': 'Bearer realm="gradflow"' } : {};
  sendJson(res, status, { error, message }, headers);
  return true;
}

/** The first problem zod found, as one sentence. */
function issueText(error: z.ZodError): string {
  const issue = error.issues[0];
  const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
  return `${where}${issue?.message ?? 'invalid'}`;
}

/** Reads a text body (a CSV upload) up to {@link MAX_BODY_BYTES}. */
function readText(req: IncomingMessage): Promise<{ ok: true; value: string } | { ok: false; status: number; message: string }> {
  return new Promise((resolve) => {
    let size = 0;
    let done = false;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        done = true;
        req.resume();
        resolve({ ok: false, status: 413, message: `Body larger than ${MAX_BODY_BYTES / 1024} KiB.` });
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
      try {
        resolve({ ok: true, value: text.decode(Buffer.concat(chunks)) });
      } catch {
        resolve({ ok: false, status: 400, message: 'The CSV is not UTF-8 text.' });
      }
    });
    req.on('error', () => {
      if (!done) resolve({ ok: false, status: 400, message: 'Request body could not be read.' });
      done = true;
    });
  });
}

/** Builds the assignments API. */
export function createAssignmentsApi(deps: AssignmentsApiDeps): AssignmentsApi {
  const profiles = new ProfileRegistry(deps.store, deps.classes);
  const assignments = new AssignmentService({ store: deps.store, classes: deps.classes, packs: deps.packs, profiles, now: deps.now });
  const practice = new PracticeService({ store: deps.store, packs: deps.packs, assignments });
  const reader = new ReportReader(deps.store);

  const instructorOnly = (req: IncomingMessage, res: ServerResponse): boolean => {
    const token = bearerToken(req);
    if (!token) return !sendError(res, 401, 'auth/required', MESSAGES.instructorMissing);
    if (!deps.instructor.verify(token)) return !sendError(res, 403, 'auth/forbidden', MESSAGES.instructorWrong);
    return true;
  };

  /** The member the request's token names in `classId`, or null after answering 401/403. */
  const memberOf = async (req: IncomingMessage, res: ServerResponse, classId: string): Promise<MemberRecord | null> => {
    const token = bearerToken(req);
    if (!token) return (sendError(res, 401, 'auth/required', MESSAGES.memberMissing), null);
    const member = await deps.classes.resolveMember(classId, token);
    if (!member) return (sendError(res, 403, 'auth/forbidden', MESSAGES.memberWrong), null);
    return member;
  };

  const readBody = async <T>(req: IncomingMessage, res: ServerResponse, schema: z.ZodType<T>): Promise<T | null> => {
    const body = await readJson(req);
    if (!body.ok) return (sendError(res, body.status === 413 ? 413 : 400, 'payload/invalid', body.message), null);
    const parsed = schema.safeParse(body.value);
    if (!parsed.success) return (sendError(res, 400, 'payload/invalid', issueText(parsed.error)), null);
    return parsed.data;
  };

  const guard = async (res: ServerResponse, task: () => Promise<unknown>): Promise<true> => {
    try {
      await task();
    } catch (err) {
      if (err instanceof AssignmentError) return sendError(res, err.status, err.code, err.message);
      throw err;
    }
    return true;
  };

  const notAllowed = (res: ServerResponse, allow: string): true => {
    res.setHeader('allow', allow);
    return sendError(res, 405, 'method/not-allowed', `Use ${allow}.`);
  };

  const counts = async (list: readonly AssignmentRecord[]) => {
    const works = await assignments.allWork(new Set(list.map((a) => a.id)));
    return (a: AssignmentRecord) => {
      const mine = works.filter((w) => w.assignmentId === a.id && w.attempts.length > 0);
      return { started: mine.length, finished: mine.filter((w) => markOf(a, w).done === a.questionIds.length).length };
    };
  };

  const leaderboardEntries = async (classId: string): Promise<ReportSummary[]> => {
    const now = deps.now();
    const list = (await assignments.list(classId)).filter((a) => a.opensAt <= now);
    const works = await assignments.allWork(new Set(list.map((a) => a.id)));
    return list.map((a) => {
      const mine = works.filter((w) => w.assignmentId === a.id && w.attempts.length > 0);
      return {
        roomId: a.id,
        code: '',
        title: a.title,
        classId,
        createdAt: a.createdAt,
        endedAt: Math.min(a.closesAt, Math.max(now, a.opensAt)),
        endedEarly: false,
        questionCount: a.questionIds.length,
        questionsPlayed: a.questionIds.length,
        players: mine.length,
        correctRate: null,
        leaders: [],
        members: mine.map((w) => ({ memberId: w.memberId, nickname: w.nickname, score: Math.round(markOf(a, w).points * LEADERBOARD_POINTS_PER_QUESTION) })),
      };
    });
  };

  /** Every class member with their identifiers, and one column per assignment and per game. */
  const gradebook = async (cls: ClassRecord, format: GradebookFormat, scale: GradebookScale): Promise<string> => {
    const [roster, list, summaries] = await Promise.all([profiles.roster(cls.id), assignments.list(cls.id), reader.summaries()]);
    const students: GradebookStudent[] = roster.map((r) => ({ ...r }));
    const columns: GradeColumn[] = [];
    const ordered = [...list].sort((a, b) => a.closesAt - b.closesAt || a.id.localeCompare(b.id));
    const works = await assignments.allWork(new Set(ordered.map((a) => a.id)));
    const items: { at: number; column: GradeColumn }[] = [];
    for (const a of ordered) {
      const grades = new Map<string, number>();
      const max = a.weights.reduce((s, w) => s + w, 0);
      for (const s of students) {
        const mark = markOf(a, works.find((w) => w.assignmentId === a.id && w.memberId === s.memberId) ?? null);
        // A member with no attempt has 0: the assignment was theirs to do.
        grades.set(s.memberId, scale === 'points' ? mark.points : (mark.percent ?? 0));
      }
      items.push({ at: a.closesAt, column: { title: columnTitle('assignment', a.title, a.closesAt), pointsPossible: scale === 'points' ? max : 100, grades } });
    }
    for (const g of classGames(cls.id, summaries)) {
      const grades = new Map<string, number>();
      if (scale === 'points') {
        for (const m of g.members) grades.set(m.memberId, m.score);
      } else {
        // Percent of a game: the mean credit over its scored questions (accuracy, as for assignments).
        const report = await reader.report(g.roomId);
        const scored = report?.questions.filter((q) => q.status === 'scored').map((q) => q.index) ?? [];
        for (const st of report?.students ?? []) {
          if (!st.memberId || scored.length === 0) continue;
          const sum = st.answers.filter((x) => scored.includes(x.questionIndex)).reduce((s, x) => s + x.credit, 0);
          grades.set(st.memberId, Math.round((sum / scored.length) * 1000) / 10);
        }
      }
      items.push({ at: g.endedAt, column: { title: columnTitle('game', g.title, g.endedAt), pointsPossible: scale === 'points' ? null : 100, grades } });
    }
    items.sort((x, y) => x.at - y.at);
    columns.push(...items.map((i) => i.column));
    return format === 'canvas' ? canvasCsv(cls.name, students, columns) : moodleCsv(students, columns);
  };

  const routes = {
    create: async (req: IncomingMessage, res: ServerResponse) => {
      const body = await readBody(req, res, createBody);
      if (!body) return;
      await guard(res, async () => {
        const created = await assignments.create(body);
        sendJson(res, 201, { assignment: assignments.view(created) });
      });
    },
    list: async (res: ServerResponse, url: URL) => {
      const classId = url.searchParams.get('class') ?? undefined;
      if (classId !== undefined && !(await deps.classes.get(classId))) return sendError(res, 404, 'not-found', MESSAGES.classMissing);
      const [list, classes] = await Promise.all([assignments.list(classId), deps.classes.list()]);
      const names = new Map(classes.map((c) => [c.id, c.name]));
      const count = await counts(list);
      const body: AssignmentListResponse = { assignments: list.map((a) => ({ ...assignments.view(a), className: names.get(a.classId) ?? '', ...count(a) })) };
      return sendJson(res, 200, body);
    },
    info: async (res: ServerResponse, a: AssignmentRecord) => {
      const cls = await deps.classes.get(a.classId);
      sendJson(res, 200, { assignment: assignments.view(a), className: cls?.name ?? '', serverNow: deps.now() });
    },
    join: async (req: IncomingMessage, res: ServerResponse, a: AssignmentRecord) => {
      // A phone that already has this class's member token keeps its identity.
      const token = bearerToken(req);
      if (token) {
        const member = await deps.classes.resolveMember(a.classId, token);
        if (!member) return sendError(res, 403, 'auth/forbidden', MESSAGES.memberWrong);
        return sendJson(res, 200, { classId: a.classId, memberId: member.id, nickname: member.nickname, memberToken: token });
      }
      const body = await readBody(req, res, joinBody);
      if (!body) return;
      const nickname = normaliseNickname(body.nickname);
      if (!nickname) return sendError(res, 400, 'payload/invalid', `Choose a nickname of 1 to ${NICKNAME_MAX} characters.`);
      if (assignments.view(a).status === 'closed') return sendError(res, 409, 'assignment/closed', 'This assignment has closed: it takes no new students.');
      if (deps.joins && !(await deps.joins.take(`assignment:${a.id}`))) return sendError(res, 429, 'rate/limited', 'Too many students are joining through this link right now; wait a minute and try again.');
      const created = await deps.classes.createMember(a.classId, nickname);
      return sendJson(res, 201, { classId: a.classId, memberId: created.member.id, nickname, memberToken: created.token });
    },
    studentList: async (req: IncomingMessage, res: ServerResponse, cls: ClassRecord) => {
      const member = await memberOf(req, res, cls.id);
      if (!member) return;
      const list = await assignments.list(cls.id);
      const rows = await Promise.all(
        list.map(async (a) => {
          const work = await assignments.work(a.id, member.id);
          return { ...assignments.view(a), mark: markOf(a, work), started: (work?.attempts.length ?? 0) > 0 };
        }),
      );
      const body: StudentAssignmentListResponse = { classId: cls.id, assignments: rows };
      sendJson(res, 200, body);
    },
    roster: async (res: ServerResponse, cls: ClassRecord, unmatched?: RosterResponse['unmatched']) => {
      const body: RosterResponse = { classId: cls.id, roster: await profiles.roster(cls.id), ...(unmatched ? { unmatched } : {}) };
      sendJson(res, 200, body);
    },
    practiceAnswer: async (req: IncomingMessage, res: ServerResponse, cls: ClassRecord) => {
      const member = await memberOf(req, res, cls.id);
      if (!member) return;
      const body = await readBody(req, res, practiceBody);
      if (!body) return;
      const q = await practice.question(member, body.id);
      if (!q) return sendError(res, 404, 'not-found', 'No practice question with that id in this class.');
      const seed = q.hasVariants ? body.seed : 0;
      const verdict = q.grade(body.answer, seed);
      const unreadable = unreadableNote(verdict);
      if (unreadable) return sendError(res, 422, 'answer/unreadable', unreadable.message);
      const out: PracticeAnswerResponse = {
        verdict: verdict.correct ? 'correct' : verdict.credit > 0 ? 'partial' : 'wrong',
        credit: verdict.credit,
        read: verdict.read,
        notes: verdict.notes,
        key: q.key(seed),
        explanation: q.explanation,
      };
      return sendJson(res, 200, out);
    },
  };

  const handle: ApiHandler = async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const parts = url.pathname.split('/').filter(Boolean);
    const method = req.method ?? 'GET';
    const [api, area, first, sub, last, ...rest] = parts;
    if (api !== 'api' || rest.length > 0) return false;

    if (area === 'assignments') {
      if (first === undefined) {
        if (method !== 'GET' && method !== 'POST') return notAllowed(res, 'GET, POST');
        if (!instructorOnly(req, res)) return true;
        if (method === 'POST') await routes.create(req, res);
        else await routes.list(res, url);
        return true;
      }
      if (last !== undefined || (sub !== undefined && !['info', 'join', 'me', 'answer'].includes(sub))) return false;
      const expected = sub === 'join' || sub === 'answer' ? 'POST' : 'GET';
      if (method !== expected) return notAllowed(res, expected);
      const a = ID.test(first) ? await assignments.get(first) : null;
      if (!a) return sendError(res, 404, 'not-found', MESSAGES.assignmentMissing);
      if (sub === undefined) {
        if (!instructorOnly(req, res)) return true;
        return guard(res, async () => sendJson(res, 200, await assignments.detail(a)));
      }
      if (sub === 'info') return (await routes.info(res, a), true);
      if (sub === 'join') return (await routes.join(req, res, a), true);
      const member = await memberOf(req, res, a.classId);
      if (!member) return true;
      if (sub === 'me') return guard(res, async () => sendJson(res, 200, await assignments.studentView(a, member)));
      const body = await readBody(req, res, answerBody);
      if (!body) return true;
      return guard(res, async () => {
        const result = await assignments.submit(a, member, body);
        sendJson(res, result.created ? 201 : 200, result);
      });
    }

    if (area === 'classes' && first !== undefined) {
      const owned =
        (sub === 'assignments' && last === 'me') ||
        (sub === 'roster' && last === undefined) ||
        (sub === 'roster.csv' && last === undefined) ||
        (sub === 'gradebook.csv' && last === undefined) ||
        (sub === 'practice' && (last === undefined || last === 'answer'));
      if (!owned) return false;
      const expected =
        sub === 'roster' ? ['GET', 'PUT'] : sub === 'roster.csv' || (sub === 'practice' && last === 'answer') ? ['POST'] : ['GET'];
      if (!expected.includes(method)) return notAllowed(res, expected.join(', '));
      const cls = ID.test(first) ? await deps.classes.get(first) : null;
      if (!cls) return sendError(res, 404, 'not-found', MESSAGES.classMissing);
      if (sub === 'assignments') return (await routes.studentList(req, res, cls), true);
      if (sub === 'practice') {
        if (last === 'answer') return (await routes.practiceAnswer(req, res, cls), true);
        const member = await memberOf(req, res, cls.id);
        if (member) sendJson(res, 200, await practice.practiceSet(member));
        return true;
      }
      if (!instructorOnly(req, res)) return true;
      if (sub === 'roster' && method === 'GET') return (await routes.roster(res, cls), true);
      if (sub === 'roster') {
        const body = await readBody(req, res, rosterBody);
        if (!body) return true;
        const unknown = await profiles.update(cls.id, body.entries);
        if (unknown.length > 0) {
          // Entries for members of the class were written; say which ids are not in it.
          return (await routes.roster(res, cls, unknown.map((m) => ({ line: 0, message: `No member with id "${m}" in this class.` }))), true);
        }
        return (await routes.roster(res, cls), true);
      }
      if (sub === 'roster.csv') {
        const text = await readText(req);
        if (!text.ok) return sendError(res, text.status, 'payload/invalid', text.message);
        const parsed = rosterFromCsv(text.value, await deps.classes.listMembers(cls.id));
        if (!parsed.ok) return sendError(res, 400, 'payload/invalid', parsed.message);
        await profiles.update(cls.id, parsed.entries);
        return (await routes.roster(res, cls, parsed.unmatched), true);
      }
      const format = url.searchParams.get('format') ?? 'canvas';
      const scale = url.searchParams.get('scale') ?? 'points';
      if (!(GRADEBOOK_FORMATS as readonly string[]).includes(format)) return sendError(res, 400, 'payload/invalid', `format must be one of: ${GRADEBOOK_FORMATS.join(', ')}.`);
      if (!(GRADEBOOK_SCALES as readonly string[]).includes(scale)) return sendError(res, 400, 'payload/invalid', `scale must be one of: ${GRADEBOOK_SCALES.join(', ')}.`);
      const csv = await gradebook(cls, format as GradebookFormat, scale as GradebookScale);
      res.writeHead(200, {
        'content-type': 'text/csv; charset=utf-8; header=present',
        'cache-control': 'no-store',
        'content-disposition': `attachment; filename="${gradebookFileName(cls.name, format as GradebookFormat, deps.now())}"`,
      });
      res.end(csv);
      return true;
    }
    return false;
  };

  return { handle, assignments, leaderboardEntries };
}

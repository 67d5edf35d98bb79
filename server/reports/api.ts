/**
 * The reports JSON API (docs/REPORTS.md): finished games and classes for the
 * instructor (Authorization: Bearer <instructor key>), the public class
 * leaderboard (nicknames and points only), and each student's own answers
 * (Bearer <player token> for one game, Bearer <member token> for a class),
 * and the class of a join code (so a phone knows which member token to send).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { CLASS_NAME_MAX, type ClassRecord, type ClassRegistry, type MemberRecord } from '../classes';
import { readJson, sendJson } from '../http/json';
import type { InstructorAuth } from '../instructor';
import type { KeyedLimiter } from '../rate-limit';
import type { Store } from '../store/types';
import { matchesHash, splitToken } from '../tokens';
import { publicReport } from './build-report';
import { classLeaderboard, classStandings, studentGame } from './class-board';
import { answersCsv, CSV_TABLES, exportFileName, studentsCsv, type CsvTable } from './csv';
import { ReportReader } from './report-reader';
import type {
  ApiError,
  ClassHistoryResponse,
  ClassListResponse,
  GameHistoryResponse,
  JoinClassResponse,
  MemberResponse,
  ReportListResponse,
  ReportSummary,
  StudentGame,
} from '@/engine/reports';

/** Room, class and member ids: base64url, as the server makes them. */
const ID = /^[A-Za-z0-9_-]{1,64}$/;
/** Join codes: digits. */
const JOIN_CODE = /^\d{1,16}$/;

const createClassBody = z.object({ name: z.string().trim().min(1).max(CLASS_NAME_MAX) }).strict();

/** What the reports API needs. */
export interface ReportsApiDeps {
  readonly store: Store;
  readonly classes: ClassRegistry;
  readonly instructor: InstructorAuth;
  /** Failed join-code lookups per address: the budget socket joins use too (server/app.ts `joinLimiters`). */
  readonly failedJoinLookups: KeyedLimiter;
  /** The client's address for that budget (server/client-address.ts); by default the socket's peer. */
  readonly clientAddress?: (req: IncomingMessage) => string;
  /**
   * A class's assignments as leaderboard entries, added to its games when the leaderboard is asked for
   * `?assignments=include` (server/assignments/api.ts `leaderboardEntries`).
   */
  readonly assignmentEntries?: (classId: string) => Promise<ReportSummary[]>;
}

/** An /api handler: answers false when the path is not its own. */
export type ApiHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

/** Tries each handler in turn until one owns the path. */
export function composeApis(...handlers: readonly ApiHandler[]): ApiHandler {
  return async (req, res) => {
    for (const handle of handlers) if (await handle(req, res)) return true;
    return false;
  };
}


/** The token of `Authorization: Bearer <token>`, or null. */
export function bearerToken(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  if (!header) return null;
  const m = /^Bearer\s+(\S{1,256})\s*$/iu.exec(header);
  return m ? (m[1] as string) : null;
}

function sendError(res: ServerResponse, status: number, error: ApiError['error'], message: string): true {
  const headers: Record<string, string> = status === 401 ? { 'www-authenticate': 'Bearer realm="gradflow"' } : {};
  sendJson(res, status, { error, message } satisfies ApiError, headers);
  return true;
}

const MESSAGES = {
  instructorMissing: 'This page is for the instructor: send the instructor key as "Authorization: Bearer <key>".',
  instructorWrong: 'That instructor key is not valid.',
  playerMissing: 'Send your player token as "Authorization: Bearer <token>" (the phone you played on keeps it).',
  playerWrong: 'That token does not open this game’s answers: students see only their own.',
  memberMissing: 'Send your reclaim code as "Authorization: Bearer <code>".',
  memberWrong: 'That reclaim code does not belong to this class.',
  reportMissing: 'No report for that game: it is unknown or still running (its report is written when it ends).',
  classMissing: 'No class with that id.',
  joinLimited: 'Too many unknown join codes from this address; wait a minute and try again.',
} as const;

/** The reports and classes API. Returns false for /api paths it does not own (packs). */
export function createReportsApi(deps: ReportsApiDeps): ApiHandler {
  const reader = new ReportReader(deps.store);

  /** Answers 401/403 and returns false unless the request carries the instructor key. */
  const instructorOnly = (req: IncomingMessage, res: ServerResponse): boolean => {
    const token = bearerToken(req);
    if (!token) return !sendError(res, 401, 'auth/required', MESSAGES.instructorMissing);
    if (!deps.instructor.verify(token)) return !sendError(res, 403, 'auth/forbidden', MESSAGES.instructorWrong);
    return true;
  };

  const classNames = async (): Promise<Map<string, ClassRecord>> => new Map((await deps.classes.list()).map((c) => [c.id, c]));

  const memberGames = async (member: MemberRecord): Promise<StudentGame[]> => {
    const summaries = (await reader.summaries())
      .filter((s) => s.classId === member.classId && s.members.some((m) => m.memberId === member.id))
      .sort((a, b) => a.endedAt - b.endedAt);
    const games: StudentGame[] = [];
    for (const s of summaries) {
      const report = await reader.report(s.roomId);
      const student = report?.students.find((st) => st.memberId === member.id);
      if (report && student) games.push(studentGame(report, student));
    }
    return games;
  };

  const routes = {
    listReports: async (res: ServerResponse) => {
      const [summaries, classes] = await Promise.all([reader.rebuildSummaries(), classNames()]);
      const body: ReportListResponse = {
        reports: summaries
          .sort((a, b) => b.endedAt - a.endedAt)
          .map((s) => ({ ...s, className: s.classId ? (classes.get(s.classId)?.name ?? null) : null })),
      };
      sendJson(res, 200, body);
    },
    report: async (res: ServerResponse, roomId: string, file: string | undefined, url: URL) => {
      const report = await reader.report(roomId);
      if (!report) return sendError(res, 404, 'not-found', MESSAGES.reportMissing);
      if (file === undefined) return sendJson(res, 200, publicReport(report));
      if (file === 'export.json') {
        const text = JSON.stringify(publicReport(report), null, 2);
        res.writeHead(200, {
          'content-type': 'application/json; charset=utf-8',
          'cache-control': 'no-store',
          'content-disposition': `attachment; filename="${exportFileName(report, 'report', 'json')}"`,
        });
        return res.end(text);
      }
      const table = url.searchParams.get('table') ?? 'answers';
      if (!(CSV_TABLES as readonly string[]).includes(table)) {
        return sendError(res, 400, 'payload/invalid', `table must be one of: ${CSV_TABLES.join(', ')}.`);
      }
      const csv = table === 'students' ? studentsCsv(report) : answersCsv(report);
      res.writeHead(200, {
        'content-type': 'text/csv; charset=utf-8; header=present',
        'cache-control': 'no-store',
        'content-disposition': `attachment; filename="${exportFileName(report, table as CsvTable, 'csv')}"`,
      });
      return res.end(csv);
    },
    listClasses: async (res: ServerResponse) => {
      const [classes, summaries] = await Promise.all([deps.classes.list(), reader.summaries()]);
      const body: ClassListResponse = {
        classes: classes.map((c) => {
          const { games, rows } = classStandings(c.id, summaries);
          return { id: c.id, name: c.name, createdAt: c.createdAt, games: games.length, students: rows.length };
        }),
      };
      sendJson(res, 200, body);
    },
    createClass: async (req: IncomingMessage, res: ServerResponse) => {
      const body = await readJson(req);
      if (!body.ok) return sendError(res, body.status === 413 ? 413 : 400, 'payload/invalid', body.message);
      const parsed = createClassBody.safeParse(body.value);
      if (!parsed.success) return sendError(res, 400, 'payload/invalid', `A class needs a name of 1 to ${CLASS_NAME_MAX} characters.`);
      const created = await deps.classes.create(parsed.data.name);
      return sendJson(res, 201, { class: created });
    },
    classLeaderboard: async (res: ServerResponse, cls: ClassRecord, url: URL) => {
      const include = url.searchParams.get('assignments') === 'include' && deps.assignmentEntries;
      const extra = include ? await (deps.assignmentEntries as (classId: string) => Promise<ReportSummary[]>)(cls.id) : [];
      sendJson(res, 200, { ...classLeaderboard(cls, [...(await reader.summaries()), ...extra]), assignments: Boolean(include) });
    },
    classMe: async (req: IncomingMessage, res: ServerResponse, cls: ClassRecord) => {
      const token = bearerToken(req);
      if (!token) return sendError(res, 401, 'auth/required', MESSAGES.memberMissing);
      const member = await deps.classes.resolveMember(cls.id, token);
      if (!member) return sendError(res, 403, 'auth/forbidden', MESSAGES.memberWrong);
      const [games, { rows }] = await Promise.all([memberGames(member), reader.summaries().then((s) => classStandings(cls.id, s))]);
      const standing = rows.find((r) => r.memberId === member.id);
      const body: ClassHistoryResponse = {
        classId: cls.id,
        name: cls.name,
        nickname: standing?.nickname ?? member.nickname,
        points: standing?.points ?? 0,
        rank: standing?.rank ?? null,
        games,
      };
      return sendJson(res, 200, body);
    },
    gameMe: async (req: IncomingMessage, res: ServerResponse, roomId: string) => {
      const token = bearerToken(req);
      if (!token) return sendError(res, 401, 'auth/required', MESSAGES.playerMissing);
      const report = await reader.report(roomId);
      if (!report) return sendError(res, 404, 'not-found', MESSAGES.reportMissing);
      const parts = splitToken(token);
      const hash = parts ? report.playerTokenHashes[parts.id] : undefined;
      const student = parts ? report.students.find((s) => s.playerId === parts.id) : undefined;
      if (!parts || !hash || !student || !matchesHash(parts.secret, hash)) return sendError(res, 403, 'auth/forbidden', MESSAGES.playerWrong);
      const body: GameHistoryResponse = { classId: report.classId, game: studentGame(report, student) };
      return sendJson(res, 200, body);
    },
    joinClass: async (req: IncomingMessage, res: ServerResponse, code: string) => {
      // Before joining, a phone asks which class a code's game runs in, to send that class's member token.
      // Failed lookups count against the address, as failed socket joins do; successful ones cost nothing.
      const address = deps.clientAddress?.(req) ?? req.socket.remoteAddress ?? 'unknown';
      if (!(await deps.failedJoinLookups.has(address))) return sendError(res, 429, 'rate/limited', MESSAGES.joinLimited);
      const roomId = JOIN_CODE.test(code) ? await deps.store.roomIdByCode(code) : null;
      const room = roomId ? await deps.store.getRoom(roomId) : null;
      if (!room || room.state.phase === 'final') {
        await deps.failedJoinLookups.charge(address);
        return sendError(res, 404, 'not-found', 'No game with that code is running.');
      }
      const cls = room.classId ? await deps.classes.get(room.classId) : null;
      return sendJson(res, 200, { classId: cls?.id ?? null, className: cls?.name ?? null } satisfies JoinClassResponse);
    },
    memberMe: async (req: IncomingMessage, res: ServerResponse) => {
      const token = bearerToken(req);
      if (!token) return sendError(res, 401, 'auth/required', MESSAGES.memberMissing);
      // A reclaim code names no class: try each (a handful per server).
      for (const cls of await deps.classes.list()) {
        const member = await deps.classes.resolveMember(cls.id, token);
        if (member) return sendJson(res, 200, { classId: cls.id, name: cls.name, nickname: member.nickname } satisfies MemberResponse);
      }
      return sendError(res, 403, 'auth/forbidden', 'That reclaim code is not valid.');
    },
  };

  const notAllowed = (res: ServerResponse, allow: string): true => {
    res.setHeader('allow', allow);
    return sendError(res, 405, 'method/not-allowed', `Use ${allow}.`);
  };

  return async function handleReportsApi(req, res) {
    const url = new URL(req.url ?? '/', 'http://x');
    const parts = url.pathname.split('/').filter(Boolean);
    const method = req.method ?? 'GET';
    const [api, area, id, sub, ...rest] = parts;
    if (api !== 'api' || rest.length > 0) return false;

    if (area === 'reports') {
      if (id !== undefined && !ID.test(id)) return sendError(res, 404, 'not-found', MESSAGES.reportMissing);
      if (sub !== undefined && sub !== 'export.csv' && sub !== 'export.json') return false;
      if (method !== 'GET') return notAllowed(res, 'GET');
      if (!instructorOnly(req, res)) return true;
      if (id === undefined) await routes.listReports(res);
      else await routes.report(res, id, sub, url);
      return true;
    }

    if (area === 'classes') {
      if (id === undefined) {
        if (method !== 'GET' && method !== 'POST') return notAllowed(res, 'GET, POST');
        if (!instructorOnly(req, res)) return true;
        if (method === 'GET') await routes.listClasses(res);
        else await routes.createClass(req, res);
        return true;
      }
      if (sub !== 'leaderboard' && sub !== 'me') return false;
      if (method !== 'GET') return notAllowed(res, 'GET');
      const cls = ID.test(id) ? await deps.classes.get(id) : null;
      if (!cls) return sendError(res, 404, 'not-found', MESSAGES.classMissing);
      if (sub === 'leaderboard') await routes.classLeaderboard(res, cls, url);
      else await routes.classMe(req, res, cls);
      return true;
    }

    if (area === 'games' && id !== undefined && sub === 'me') {
      if (method !== 'GET') return notAllowed(res, 'GET');
      if (!ID.test(id)) return sendError(res, 404, 'not-found', MESSAGES.reportMissing);
      await routes.gameMe(req, res, id);
      return true;
    }

    if (area === 'join' && id !== undefined && sub === undefined) {
      if (method !== 'GET') return notAllowed(res, 'GET');
      await routes.joinClass(req, res, id);
      return true;
    }

    if (area === 'members' && id === 'me' && sub === undefined) {
      if (method !== 'GET') return notAllowed(res, 'GET');
      await routes.memberMe(req, res);
      return true;
    }
    return false;
  };
}

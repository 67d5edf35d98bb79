/**
 * What a student's phone remembers for reports and classes (localStorage;
 * every read and write tolerates private browsing and full quotas).
 *
 * - `gradflow.member.<classId>` — the student's member token in that class,
 *   a plain string `memberId.secret` (the "reclaim code"). Sent as
 *   `memberToken` on `player:join`, so every game of the class counts for the
 *   same student; typed in on a new phone to get the same identity back.
 * - `gradflow.games` — JSON array of {@link RememberedGame}, newest first (at
 *   most {@link MAX_REMEMBERED_GAMES}): the games played on this phone, with
 *   the player token that opens the student's own answers after the game.
 *
 * The join flow calls {@link memberTokenForCode} before `player:join` and
 * {@link rememberGame} with its ack; the final screen links to
 * {@link historyUrl}. Documented in docs/REPORTS.md.
 */

/** Prefix of the member-token keys: `gradflow.member.<classId>`. */
export const MEMBER_KEY_PREFIX = 'gradflow.member.';
/** Key of the list of games played on this phone. */
export const GAMES_KEY = 'gradflow.games';
/** Games kept in {@link GAMES_KEY}. */
export const MAX_REMEMBERED_GAMES = 30;

const TOKEN = /^[A-Za-z0-9_-]{1,64}\.[A-Za-z0-9_-]{1,64}$/;
const CLASS_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** A game played on this phone. */
export interface RememberedGame {
  readonly roomId: string;
  /** Opens this student's own answers: `Authorization: Bearer <playerToken>` on GET /api/games/<roomId>/me. */
  readonly playerToken: string;
  readonly classId: string | null;
  readonly nickname: string;
  /** When the phone joined (ms since epoch). */
  readonly joinedAt: number;
}

function read(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string): void {
  try {
    window.localStorage.setItem(key, value);
  } catch {
    // Storage full or disabled: the student can still type their reclaim code later.
  }
}

/** The localStorage key of a class's member token. */
export function memberKey(classId: string): string {
  return MEMBER_KEY_PREFIX + classId;
}

/** True when `code` looks like a member token / reclaim code (`memberId.secret`). */
export function isMemberToken(code: string): boolean {
  return TOKEN.test(code);
}

/** The member token this phone keeps for a class, or null. */
export function loadMemberToken(classId: string): string | null {
  if (!CLASS_ID.test(classId)) return null;
  const raw = read(memberKey(classId))?.trim() ?? null;
  // Tolerate a JSON-encoded string written by a JSON helper.
  const token = raw?.startsWith('"') ? raw.slice(1, -1) : raw;
  return token && isMemberToken(token) ? token : null;
}

/** Keeps a class's member token (from a join ack or a typed reclaim code). */
export function saveMemberToken(classId: string, token: string): void {
  if (CLASS_ID.test(classId) && isMemberToken(token.trim())) write(memberKey(classId), token.trim());
}

/** Every class this phone has a member token for. */
export function rememberedClasses(): string[] {
  const out: string[] = [];
  try {
    for (let i = 0; i < window.localStorage.length; i++) {
      const key = window.localStorage.key(i);
      if (key?.startsWith(MEMBER_KEY_PREFIX)) {
        const classId = key.slice(MEMBER_KEY_PREFIX.length);
        if (loadMemberToken(classId)) out.push(classId);
      }
    }
  } catch {
    // No storage: nothing remembered.
  }
  return out.sort();
}

const isGame = (v: unknown): v is RememberedGame => {
  if (typeof v !== 'object' || v === null) return false;
  const g = v as Record<string, unknown>;
  return (
    typeof g.roomId === 'string' &&
    typeof g.playerToken === 'string' &&
    (g.classId === null || typeof g.classId === 'string') &&
    typeof g.nickname === 'string' &&
    typeof g.joinedAt === 'number'
  );
};

/** The games played on this phone, newest first. */
export function rememberedGames(): RememberedGame[] {
  try {
    const value: unknown = JSON.parse(read(GAMES_KEY) ?? '[]');
    return Array.isArray(value) ? value.filter(isGame) : [];
  } catch {
    return [];
  }
}

/** The remembered game with this room id, or null. */
export function rememberedGame(roomId: string): RememberedGame | null {
  return rememberedGames().find((g) => g.roomId === roomId) ?? null;
}

/**
 * Remembers a joined game (call it with the `player:join` ack): its player
 * token for the history page and, in a class, the member token.
 */
export function rememberGame(joined: { roomId: string; playerToken: string; classId: string | null; memberToken: string | null }, nickname: string, now = Date.now()): void {
  if (joined.classId && joined.memberToken) saveMemberToken(joined.classId, joined.memberToken);
  const game: RememberedGame = { roomId: joined.roomId, playerToken: joined.playerToken, classId: joined.classId, nickname, joinedAt: now };
  const rest = rememberedGames().filter((g) => g.roomId !== joined.roomId);
  write(GAMES_KEY, JSON.stringify([game, ...rest].slice(0, MAX_REMEMBERED_GAMES)));
}

/**
 * The member token to send with `player:join` for a join code: asks the
 * server which class the code's game runs in (GET /api/join/<code>) and
 * returns this phone's token for that class. Undefined outside a class, for
 * a new student, or when the server cannot be asked (the join still works).
 */
export async function memberTokenForCode(code: string): Promise<string | undefined> {
  try {
    const res = await fetch(`/api/join/${encodeURIComponent(code.trim())}`, { cache: 'no-store' });
    if (!res.ok) return undefined;
    const body = (await res.json()) as { classId?: unknown };
    return typeof body.classId === 'string' ? (loadMemberToken(body.classId) ?? undefined) : undefined;
  } catch {
    return undefined;
  }
}

/** The student's history page for a game (`/me?room=<roomId>`) or a class (`/me?class=<classId>`). */
export function historyUrl(target: { roomId: string } | { classId: string }): string {
  return 'roomId' in target ? `/me?room=${encodeURIComponent(target.roomId)}` : `/me?class=${encodeURIComponent(target.classId)}`;
}

/**
 * The wire protocol between phones, the host console and the server: event
 * names (`domain:verb`), the zod schema of every inbound payload, the views
 * each audience receives, and the closed set of ack error codes.
 * Documented in docs/PROTOCOL.md.
 */
import { z } from 'zod';
import type { Multiplier, Phase, RoomSettings } from './game/phases';

/** Bumped on any incompatible change; checked when a client joins or attaches. */
export const PROTOCOL_VERSION = 1;

/** Longest nickname, in characters after normalisation. */
export const NICKNAME_MAX = 20;
/** Longest typed answer (expression or formula), in characters. */
export const ANSWER_TEXT_MAX = 2000;
/** Longest number answer (numeric questions), in characters. */
export const NUMBER_ANSWER_MAX = 64;
/** Most edges in a highlight answer. */
export const HIGHLIGHT_EDGES_MAX = 500;
/** Longest client-generated answer id. */
export const ANSWER_ID_MAX = 64;
/** Longest token or room id accepted on the wire. */
export const TOKEN_MAX = 128;

/** Every error an ack can carry. */
export const ERROR_CODES = [
  'room/not-found',
  'room/full',
  'room/locked',
  'auth/forbidden',
  'phase/not-allowed',
  'answer/late',
  'answer/duplicate',
  'answer/stale-question',
  'payload/invalid',
  'protocol/mismatch',
  'nickname/taken',
  'player/kicked',
  'pack/not-found',
  'class/not-found',
  'rate/limited',
  'store/unavailable',
  'internal',
] as const;
/** One ack error code. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** What every acknowledged event answers. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: ErrorCode; message: string };

// ---------- inbound payloads ----------

const roomId = z.string().min(1).max(TOKEN_MAX);
const token = z.string().min(1).max(TOKEN_MAX);

/** Room options a host may set at creation. */
export const settingsSchema = z
  .object({
    scoring: z.boolean().default(true),
    autoAdvance: z.boolean().default(false),
    showLeaderboard: z.boolean().default(true),
    locked: z.boolean().default(false),
  })
  .strict();

/** An answer as a phone sends it, one shape per question type. */
export const answerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('expression'), text: z.string().max(ANSWER_TEXT_MAX) }).strict(),
  z.object({ kind: z.literal('formula'), text: z.string().max(ANSWER_TEXT_MAX) }).strict(),
  z.object({ kind: z.literal('count'), value: z.string().max(64) }).strict(),
  z.object({ kind: z.literal('highlight'), edges: z.array(z.string().max(32)).max(HIGHLIGHT_EDGES_MAX) }).strict(),
  z.object({ kind: z.literal('choice'), index: z.number().int().min(0).max(25) }).strict(),
  z.object({ kind: z.literal('numeric'), text: z.string().max(NUMBER_ANSWER_MAX) }).strict(),
]);
/** An answer payload. */
export type AnswerPayload = z.infer<typeof answerSchema>;

/** Schemas of every client-to-server payload, keyed by event name. */
export const inbound = {
  'host:create': z
    .object({
      protocol: z.number().int(),
      packId: z.string().min(1).max(TOKEN_MAX),
      settings: settingsSchema.partial().optional(),
      classId: z.string().max(TOKEN_MAX).optional(),
      /** Required to run a game inside a class. */
      instructorKey: z.string().max(TOKEN_MAX).optional(),
    })
    .strict(),
  'host:attach': z.object({ protocol: z.number().int(), roomId, hostToken: token }).strict(),
  'host:start': z.object({}).strict(),
  'host:next': z.object({}).strict(),
  'host:skip': z.object({}).strict(),
  'host:close': z.object({}).strict(),
  'host:end': z.object({}).strict(),
  'host:extend': z.object({ seconds: z.number().int().min(1).max(300) }).strict(),
  'host:lock': z.object({ locked: z.boolean() }).strict(),
  'host:kick': z.object({ playerId: token }).strict(),
  'host:multiplier': z.object({ multiplier: z.union([z.literal(0), z.literal(1), z.literal(2)]) }).strict(),
  'host:leaderboard': z.object({ show: z.boolean() }).strict(),
  'player:join': z
    .object({
      protocol: z.number().int(),
      code: z.string().max(16),
      nickname: z.string().max(200),
      /** The phone's identity in the room's class, when it has one. */
      memberToken: z.string().max(TOKEN_MAX).optional(),
    })
    .strict(),
  'player:resume': z.object({ protocol: z.number().int(), roomId, playerToken: token }).strict(),
  'answer:submit': z
    .object({
      questionIndex: z.number().int().min(0).max(10_000),
      answerId: z.string().min(1).max(ANSWER_ID_MAX),
      answer: answerSchema,
    })
    .strict(),
} as const;

/** Names of the client-to-server events. */
export type InboundEvent = keyof typeof inbound;
/** The payload type of an inbound event. */
export type InboundPayload<E extends InboundEvent> = z.infer<(typeof inbound)[E]>;

/** Events only a room's host may send (once attached). */
export const HOST_EVENTS = [
  'host:start',
  'host:next',
  'host:skip',
  'host:close',
  'host:end',
  'host:extend',
  'host:lock',
  'host:kick',
  'host:multiplier',
  'host:leaderboard',
] as const satisfies readonly InboundEvent[];

// ---------- views (outbound) ----------

/** Question types. */
export const QUESTION_TYPES = ['expression', 'highlight', 'count', 'formula', 'choice', 'numeric'] as const;
/** One question type. */
export type QuestionType = (typeof QUESTION_TYPES)[number];

/** A question as students see it: never its answer. */
export interface PublicQuestion {
  readonly index: number;
  readonly id: string;
  readonly type: QuestionType;
  /** Markdown with `$…$` LaTeX. */
  readonly prompt: string;
  /** The network the question is about, in the JSON interchange form, or null. */
  readonly network: unknown;
  /** The target in text notation (`w_{2,5}`), or null. */
  readonly target: string | null;
  /** Parameters a formula answer may use (e.g. `k`). */
  readonly params: readonly string[];
  /** Options of a multiple-choice question. */
  readonly choices: readonly string[];
  readonly timeLimitMs: number;
  readonly multiplier: Multiplier;
  /** Numeric questions: the values on the network (docs/NETWORK_FORMAT.md, "Values") and how precise to be; absent otherwise. */
  readonly numeric?: { readonly values: unknown; readonly tolerance: string };
}

/** One feedback note, as shown to a student. */
export interface NoteView {
  readonly code: string;
  readonly message: string;
  readonly data?: unknown;
}

/** The correct answer, revealed after the question closes. */
export interface KeyView {
  /** Human rendering of the answer in plain text. */
  readonly text: string;
  /** The same in LaTeX, when it is math. */
  readonly latex: string | null;
  /** Edges that carry gradient (highlight questions), for drawing on the graph. */
  readonly edges: readonly string[];
  /** The correct option (choice questions). */
  readonly choiceIndex: number | null;
  /** Step-by-step derivation lines in LaTeX ("walking upwards"). */
  readonly steps: readonly string[];
}

/** What everyone sees at the reveal. */
export interface RevealView {
  readonly questionIndex: number;
  readonly key: KeyView;
  readonly explanation: string | null;
  readonly answered: number;
  readonly players: number;
  readonly correct: number;
  readonly partial: number;
  /** Counts per option for choice questions, else empty. */
  readonly choiceCounts: readonly number[];
  /** How many students selected each edge (highlight questions). */
  readonly heatmap: Readonly<Record<string, number>>;
  /** Most common mistakes by engine note code, most frequent first. */
  readonly mistakes: readonly { code: string; count: number; message: string }[];
}

/** One leaderboard row (nicknames only). */
export interface LeaderRow {
  readonly rank: number;
  readonly nickname: string;
  readonly score: number;
}

/** What every participant in a room sees; sent as one room broadcast per phase change. */
export interface RoomView {
  readonly roomId: string;
  readonly code: string;
  readonly title: string;
  readonly phase: Phase;
  readonly questionIndex: number;
  readonly questionCount: number;
  /** The open or just-closed question (without its answer). */
  readonly question: PublicQuestion | null;
  /** Server time the question opened and closes (ms since epoch). */
  readonly openedAt: number | null;
  readonly deadline: number | null;
  /** The server's clock when this view was sent, for the client's clock offset. */
  readonly serverNow: number;
  readonly reveal: RevealView | null;
  /** Top of the leaderboard (leaderboard and final phases). */
  readonly leaders: readonly LeaderRow[];
  readonly playerCount: number;
  readonly locked: boolean;
}

/** One student's own verdict on the last question. */
export interface ResultView {
  readonly questionIndex: number;
  readonly answered: boolean;
  readonly correct: boolean;
  readonly credit: number;
  readonly points: number;
  readonly streak: number;
  readonly read: { text: string; latex: string } | null;
  readonly notes: readonly NoteView[];
  /** The answer the student gave, as sent. */
  readonly answer: AnswerPayload | null;
  /** The key of this student's own variant, when it differs from the room's. */
  readonly key: KeyView | null;
}

/** What one student sees about themself. */
export interface MeView {
  readonly playerId: string;
  readonly nickname: string;
  readonly score: number;
  readonly rank: number | null;
  readonly previousRank: number | null;
  readonly streak: number;
  /** The answer id the student gave to the current question, if any. */
  readonly answeredQuestion: number | null;
  readonly result: ResultView | null;
  /** Nickname and score of the player just ahead, for the leaderboard screen. */
  readonly ahead: { nickname: string; score: number } | null;
  /** This student's own variant of the current question, when the question has per-student variants. */
  readonly question: PublicQuestion | null;
}

/** A student as the host sees them. */
export interface HostPlayerView {
  readonly playerId: string;
  readonly nickname: string;
  readonly connected: boolean;
  readonly score: number;
}

/** Live counts for the host during a question, coalesced a few times a second. */
export interface ProgressView {
  readonly questionIndex: number;
  readonly answered: number;
  readonly players: number;
}

/** What the host console receives besides the room view. */
export interface HostView {
  readonly room: RoomView;
  readonly settings: RoomSettings;
  readonly players: readonly HostPlayerView[];
  readonly progress: ProgressView | null;
  readonly joinUrl: string;
}

/** Acked results of the events that return data. */
export interface CreateResult {
  readonly roomId: string;
  readonly code: string;
  readonly hostToken: string;
  readonly host: HostView;
}
/** Ack of a join or resume. */
export interface JoinResult {
  readonly roomId: string;
  readonly playerId: string;
  readonly playerToken: string;
  /** The room's class, if it runs in one. */
  readonly classId: string | null;
  /** The student's identity in that class (keep it; it reclaims history on a new phone). */
  readonly memberToken: string | null;
  readonly room: RoomView;
  readonly me: MeView;
}
/** Ack of a submitted answer: received, not yet graded to the student. */
export interface SubmitResult {
  readonly questionIndex: number;
  readonly answerId: string;
  readonly receivedAt: number;
}

type AckFn<T> = (result: Ack<T>) => void;

/** Typed socket.io events, client to server. */
export interface ClientToServerEvents {
  'host:create': (p: InboundPayload<'host:create'>, ack: AckFn<CreateResult>) => void;
  'host:attach': (p: InboundPayload<'host:attach'>, ack: AckFn<HostView>) => void;
  'host:start': (p: InboundPayload<'host:start'>, ack: AckFn<null>) => void;
  'host:next': (p: InboundPayload<'host:next'>, ack: AckFn<null>) => void;
  'host:skip': (p: InboundPayload<'host:skip'>, ack: AckFn<null>) => void;
  'host:close': (p: InboundPayload<'host:close'>, ack: AckFn<null>) => void;
  'host:end': (p: InboundPayload<'host:end'>, ack: AckFn<null>) => void;
  'host:extend': (p: InboundPayload<'host:extend'>, ack: AckFn<null>) => void;
  'host:lock': (p: InboundPayload<'host:lock'>, ack: AckFn<null>) => void;
  'host:kick': (p: InboundPayload<'host:kick'>, ack: AckFn<null>) => void;
  'host:multiplier': (p: InboundPayload<'host:multiplier'>, ack: AckFn<null>) => void;
  'host:leaderboard': (p: InboundPayload<'host:leaderboard'>, ack: AckFn<null>) => void;
  'player:join': (p: InboundPayload<'player:join'>, ack: AckFn<JoinResult>) => void;
  'player:resume': (p: InboundPayload<'player:resume'>, ack: AckFn<JoinResult>) => void;
  'answer:submit': (p: InboundPayload<'answer:submit'>, ack: AckFn<SubmitResult>) => void;
}

/** Typed socket.io events, server to client. */
export interface ServerToClientEvents {
  /** Room-wide: the phase changed (one broadcast per change). */
  'room:state': (room: RoomView) => void;
  /** To one student: their own score, rank and verdict. */
  'player:me': (me: MeView) => void;
  /** To one student: removed by the host. */
  'player:kicked': () => void;
  /** To the host: the full console view. */
  'host:state': (view: HostView) => void;
  /** To the host: live answer count, coalesced. */
  'host:progress': (progress: ProgressView) => void;
}

/**
 * Normalises a nickname: Unicode NFC, collapsed whitespace, trimmed.
 * Returns null when it is empty or longer than {@link NICKNAME_MAX}.
 */
export function normaliseNickname(raw: string): string | null {
  // Control and format characters (including bidi overrides) never belong in a name.
  const cleaned = raw.normalize('NFC').replace(/[\p{Cc}\p{Cf}]/gu, '').replace(/\s+/gu, ' ').trim();
  const length = [...cleaned].length;
  return length >= 1 && length <= NICKNAME_MAX ? cleaned : null;
}

/** Key used to decide whether two nicknames clash (case- and width-insensitive). */
export function nicknameKey(nickname: string): string {
  return nickname.normalize('NFKC').toLocaleLowerCase('en');
}

/**
 * The wire protocol between phones, the host console and the server: event
 * names (`domain:verb`), the zod schema of every inbound payload, the views
 * each audience receives, and (re-exported from the zod-free
 * `protocol-constants.ts`) limits and the closed set of ack error codes.
 * Every inbound event is declared once, in {@link inbound}; the event list,
 * the host events and the typed socket.io events are derived from it.
 * Documented in docs/PROTOCOL.md.
 */
import { z } from 'zod';
import { confusableSkeleton } from './confusable-skeleton';
import { MULTIPLIERS, type Multiplier, type Phase, type RoomSettings } from './game/phases';
import {
  ANSWER_ID_MAX,
  ANSWER_TEXT_MAX,
  HIGHLIGHT_EDGES_MAX,
  NICKNAME_MAX,
  NUMBER_ANSWER_MAX,
  TOKEN_MAX,
  type Ack,
} from './protocol-constants';

export * from './protocol-constants';

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
  /** A multi-select question's picked options (0-based; order and repeats do not matter). */
  z.object({ kind: z.literal('multi'), indices: z.array(z.number().int().min(0).max(25)).max(26) }).strict(),
]);
/** An answer payload. */
export type AnswerPayload = z.infer<typeof answerSchema>;

/**
 * Schemas of the host's commands: the events only a room's host may send once
 * attached, each acked with `null`. Adding a host command is one entry here.
 */
const hostCommands = {
  'host:start': z.object({}).strict(),
  'host:next': z.object({}).strict(),
  'host:skip': z.object({}).strict(),
  'host:close': z.object({}).strict(),
  'host:end': z.object({}).strict(),
  'host:extend': z.object({ seconds: z.number().int().min(1).max(300) }).strict(),
  'host:lock': z.object({ locked: z.boolean() }).strict(),
  'host:kick': z.object({ playerId: token }).strict(),
  'host:multiplier': z.object({ multiplier: z.literal(MULTIPLIERS) }).strict(),
  'host:leaderboard': z.object({ show: z.boolean() }).strict(),
} as const;

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
  ...hostCommands,
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

/** A host command: an event only a room's host may send (once attached), acked with `null`. */
export type HostCommand = keyof typeof hostCommands;

/** Events only a room's host may send (once attached), in declaration order. */
export const HOST_EVENTS: readonly HostCommand[] = Object.keys(hostCommands) as HostCommand[];

// ---------- views (outbound) ----------

/** Question types. */
export const QUESTION_TYPES = ['expression', 'highlight', 'count', 'formula', 'choice', 'numeric', 'local', 'multi', 'truefalse', 'poll'] as const;
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
  /** Options of a choice, multi-select, true/false (`True`, `False`) or poll question. */
  readonly choices: readonly string[];
  /** What a count question counts: the paths from E to the target, or the factors in one path's product; null for other types. */
  readonly counts: 'paths' | 'factors' | null;
  /** What a formula question asks for and how its layers are numbered (`from-loss`: layer 1 feeds E; `from-input`: layer 1 takes the inputs); null for other types. */
  readonly formula: { readonly quantity: string; readonly numbering: 'from-loss' | 'from-input' } | null;
  readonly timeLimitMs: number;
  readonly multiplier: Multiplier;
  /** Numeric questions: the values on the network (docs/NETWORK_FORMAT.md, "Values") and how precise to be; absent otherwise. */
  readonly numeric?: { readonly values: unknown; readonly tolerance: string };
  /** Local questions: the derivative asked (`n_5/w_{2,5}`, read by the engine's `parseLocalAsk`) and in LaTeX; absent otherwise. Answers are sent as `{ kind: 'expression', text }`. */
  readonly local?: { readonly ask: string; readonly askLatex: string };
}

/**
 * A question as the live game sends it (`room:state`, `player:me`, `host:state`): a {@link PublicQuestion} whose
 * network, when it is in the game's {@link NetworkTable}, is named by `networkId` and not repeated (`network: null`).
 * A network not in the table (a student's own generated network) travels inline with `networkId: null`; a question
 * with nothing to draw has both null. Clients put `table[networkId]` back into `network` before drawing.
 */
export interface LiveQuestion extends PublicQuestion {
  /** The id of the question's network in the game's network table, or null (then `network` is inline, or null). */
  readonly networkId: string | null;
}

/**
 * Every distinct drawable network of a game's pack, by `networkId` (each in the interchange form of
 * docs/NETWORK_FORMAT.md). Sent once per client session: in `JoinResult`, `CreateResult` and the `host:attach` ack.
 */
export type NetworkTable = Readonly<Record<string, unknown>>;

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
  /** The correct option (choice and true/false questions). */
  readonly choiceIndex: number | null;
  /** Every correct option of a multi-select question, ascending (absent for other types; a poll has none). */
  readonly choiceIndices?: readonly number[];
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
  /** Counts per option for choice, true/false and poll questions; for multi-select, how many students picked each option; else empty. */
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
  /** The open or just-closed question (without its answer); its network by id (see {@link LiveQuestion}). */
  readonly question: LiveQuestion | null;
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
  /** Index of the question this student has answered: the open one once answered, else the last closed one they answered; null when they have not. */
  readonly answeredQuestion: number | null;
  readonly result: ResultView | null;
  /** Nickname and score of the player just ahead, for the leaderboard screen. */
  readonly ahead: { nickname: string; score: number } | null;
  /** This student's own variant of the current question, when the question has per-student variants (see {@link LiveQuestion}). */
  readonly question: LiveQuestion | null;
}

/** The lobby's live head count. */
export interface RoomCountView {
  readonly roomId: string;
  readonly playerCount: number;
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
  /** A poll's live distribution: votes per option so far (host only; absent for other types). */
  readonly votes?: readonly number[];
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
  /** The game's networks, sent once: `host:state` views name them by `networkId` only. */
  readonly networks: NetworkTable;
}
/** Ack of `host:attach`: the console view and, once per attach, the game's networks (`host:state` never repeats them). */
export interface AttachResult extends HostView {
  readonly networks: NetworkTable;
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
  /** The game's networks, sent once per join or resume: later `room:state` and `player:me` name them by `networkId` only. */
  readonly networks: NetworkTable;
}
/** Ack of a submitted answer: received, not yet graded to the student. */
export interface SubmitResult {
  readonly questionIndex: number;
  readonly answerId: string;
  readonly receivedAt: number;
}

/** What the events other than host commands answer on success. */
interface SessionAcks {
  'host:create': CreateResult;
  'host:attach': AttachResult;
  'player:join': JoinResult;
  'player:resume': JoinResult;
  'answer:submit': SubmitResult;
}
type IsTrue<T extends true> = T;
// Fails to compile when an inbound event is neither a host command nor listed in SessionAcks.
type _EveryEventAcked = IsTrue<[Exclude<InboundEvent, HostCommand>] extends [keyof SessionAcks] ? true : false>;

/** The ack data of an inbound event: `null` for host commands. */
export type AckData<E extends InboundEvent> = E extends HostCommand ? null : E extends keyof SessionAcks ? SessionAcks[E] : never;

/** Typed socket.io events, client to server: one per entry of {@link inbound}. */
export type ClientToServerEvents = {
  [E in InboundEvent]: (p: InboundPayload<E>, ack: (result: Ack<AckData<E>>) => void) => void;
};

/** Typed socket.io events, server to client. */
export interface ServerToClientEvents {
  /** Room-wide: the phase changed (one broadcast per change). */
  'room:state': (room: RoomView) => void;
  /** Room-wide, in the lobby only: how many students are here now (coalesced, a few times a second at most). */
  'room:count': (count: RoomCountView) => void;
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

/**
 * Key used to decide whether two nicknames clash: case- and width-insensitive
 * (NFKC, lower case), and confusable-insensitive by their UTS #39 skeleton, so
 * "Аnn" with a Cyrillic А clashes with "Ann". Lower-cased again after the
 * skeleton, whose prototypes may be capitals (`0` → `O`).
 */
export function nicknameKey(nickname: string): string {
  return confusableSkeleton(nickname.normalize('NFKC').toLocaleLowerCase('en')).toLocaleLowerCase('en');
}

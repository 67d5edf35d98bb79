/**
 * The shapes of finished-game reports and of the reports JSON API (the
 * contract between server/reports and the report pages), and the names of
 * the store collections they live in. The API is documented in docs/REPORTS.md.
 */
import type { Multiplier, RoomState } from '@/engine/game/phases';
import type { AnswerPayload, KeyView, NoteView, QuestionType, ResultView } from '@/engine/protocol';

/** Bumped when the stored report shape changes incompatibly. */
export const REPORT_VERSION = 1;

/** One student's scored verdict on a closed question. */
export interface PlayerResult extends ResultView {
  readonly playerId: string;
}

/**
 * Every student's scored verdict on one closed question, written once at its
 * reveal (points are only known then) as the store document
 * `result/<roomId>.<questionIndex>`.
 */
export interface QuestionResultsDoc {
  readonly roomId: string;
  readonly questionIndex: number;
  /** The multiplier the question was scored at (the host may have changed the pack's). */
  readonly multiplier: Multiplier;
  /** Why it closed; a skipped question scores nothing. */
  readonly closedBy: RoomState['closedBy'];
  /** Server time it closed. */
  readonly closedAt: number;
  /** One verdict per student in the room when it closed (kicked students excluded). */
  readonly results: readonly PlayerResult[];
}

/**
 * The store collection of {@link QuestionResultsDoc}s. A question's document is stored with its `results` empty and
 * `parts: n`; the verdicts are in `n` documents of {@link RESULTS_PART_COLLECTION} (`<roomId>.<questionIndex>.<k>`,
 * each `{ results }`), written before it (server/reports/persist.ts).
 */
export const RESULTS_COLLECTION = 'result';

/** The store collection of the parts of a question's verdicts (see {@link RESULTS_COLLECTION}). */
export const RESULTS_PART_COLLECTION = 'result-part';

/** The store collection of {@link ReportSummary}s (one per finished game). */
export const SUMMARY_COLLECTION = 'report-summary';

/**
 * How a played question ended: scored at its reveal, skipped by the host
 * (no points), or still open when the host ended the game (graded, no points).
 */
export type QuestionStatus = 'scored' | 'skipped' | 'unscored';

/** What a student's answer to a question came to. `absent`: they joined after it; `voted`: they answered a poll (no right answer). */
export type Verdict = 'correct' | 'partial' | 'wrong' | 'none' | 'absent' | 'voted';

/** One bar of a question's answer distribution. */
export interface DistributionRow {
  /** The answer as students gave it (choice: the option's text). */
  readonly label: string;
  readonly count: number;
  readonly correct: boolean;
}

/** A played question with the class's results. */
export interface ReportQuestion {
  readonly index: number;
  readonly id: string;
  readonly type: QuestionType;
  readonly prompt: string;
  /** The network (interchange form) the question is about, or null. */
  readonly network: unknown;
  readonly target: string | null;
  readonly choices: readonly string[];
  readonly timeLimitMs: number;
  readonly multiplier: Multiplier;
  /** True when each student had their own variant (the prompt and key shown are the room's). */
  readonly hasVariants: boolean;
  readonly status: QuestionStatus;
  readonly key: KeyView;
  readonly explanation: string | null;
  /** Students in the game when it closed. */
  readonly players: number;
  readonly answered: number;
  readonly correct: number;
  readonly partial: number;
  /** `correct / players`, or null with no players. */
  readonly correctRate: number | null;
  /** Mean server-measured response time of the answers, or null with none. */
  readonly averageResponseMs: number | null;
  /** Most common answers first (at most {@link DISTRIBUTION_ROWS}); choice questions list every option in order. */
  readonly distribution: readonly DistributionRow[];
  /** Answers not among the rows of `distribution`. */
  readonly otherAnswers: number;
  /** Counts per option (choice questions), else empty. */
  readonly choiceCounts: readonly number[];
  /** How many students selected each edge (highlight questions), else empty. */
  readonly heatmap: Readonly<Record<string, number>>;
  /** Most common mistakes by engine note code, most frequent first. */
  readonly mistakes: readonly { code: string; count: number; message: string }[];
}

/** One student's answer to one question, as given and as graded. */
export interface ReportAnswer {
  readonly questionIndex: number;
  readonly questionId: string;
  readonly verdict: Verdict;
  /** The answer as the phone sent it, or null. */
  readonly answer: AnswerPayload | null;
  /** The same as text (choice: the option's text; highlight: the edge ids). */
  readonly answerText: string;
  /** What the engine read the answer as. */
  readonly read: { text: string; latex: string } | null;
  readonly credit: number;
  readonly notes: readonly NoteView[];
  readonly points: number;
  /** The key of this student's own variant, when the question had per-student variants. */
  readonly key: KeyView | null;
  /** Streak after this question, when it was scored. */
  readonly streak: number | null;
  readonly responseMs: number | null;
}

/** A student of the game with every answer. */
export interface ReportStudent {
  readonly playerId: string;
  /** Their identity in the class, or null outside a class. */
  readonly memberId: string | null;
  readonly nickname: string;
  readonly rank: number;
  readonly score: number;
  readonly correct: number;
  readonly partial: number;
  readonly wrong: number;
  readonly unanswered: number;
  readonly averageResponseMs: number | null;
  readonly answers: readonly ReportAnswer[];
}

/** One leaderboard row of a game (nicknames and points). */
export interface ReportLeaderRow {
  readonly rank: number;
  readonly nickname: string;
  readonly score: number;
}

/** A finished game's report, as the store keeps it. */
export type GameReport = {
  readonly reportVersion: typeof REPORT_VERSION;
  readonly roomId: string;
  readonly code: string;
  readonly title: string;
  readonly packId: string;
  readonly classId: string | null;
  readonly createdAt: number;
  readonly endedAt: number;
  /** True when the host ended the game before the pack's last question was revealed. */
  readonly endedEarly: boolean;
  /** False in a practice room (answers graded, no points). */
  readonly scoring: boolean;
  readonly questionCount: number;
  readonly leaderboard: readonly ReportLeaderRow[];
  readonly questions: readonly ReportQuestion[];
  readonly students: readonly ReportStudent[];
  /**
   * sha256 of each player token's secret, by player id: lets a student open
   * their own answers after a restart. Never sent by the API.
   */
  readonly playerTokenHashes: Readonly<Record<string, string>>;
};

/** A report as the API sends it: without the token hashes. */
export type PublicGameReport = Omit<GameReport, 'playerTokenHashes'>;

/** A small index entry per finished game: listing games and class leaderboards without reading whole reports. */
export type ReportSummary = {
  readonly roomId: string;
  readonly code: string;
  readonly title: string;
  readonly classId: string | null;
  readonly createdAt: number;
  readonly endedAt: number;
  readonly endedEarly: boolean;
  readonly questionCount: number;
  readonly questionsPlayed: number;
  readonly players: number;
  /** Mean correct rate over the scored questions, or null. */
  readonly correctRate: number | null;
  readonly leaders: readonly ReportLeaderRow[];
  /** Every student's points by class member id (class games only). */
  readonly members: readonly { memberId: string; nickname: string; score: number }[];
};

// ---------- API responses ----------

/** GET /api/reports */
export interface ReportListResponse {
  readonly reports: readonly (ReportSummary & { className: string | null })[];
}

/** One class as the instructor lists it. */
export interface ClassListEntry {
  readonly id: string;
  readonly name: string;
  readonly createdAt: number;
  readonly games: number;
  readonly students: number;
}

/** GET /api/classes */
export interface ClassListResponse {
  readonly classes: readonly ClassListEntry[];
}

/** One row of a class leaderboard: nickname and points only. */
export interface ClassLeaderRow {
  readonly rank: number;
  readonly nickname: string;
  readonly points: number;
  /** Games of the class the student played in. */
  readonly games: number;
}

/** GET /api/classes/:id/leaderboard (public). */
export interface ClassLeaderboardResponse {
  readonly classId: string;
  readonly name: string;
  /** The class's games with at least one played question, oldest first. */
  readonly games: readonly { title: string; endedAt: number }[];
  readonly leaderboard: readonly ClassLeaderRow[];
  /** Cumulative points after each game, for the top students (chart). */
  readonly series: readonly { nickname: string; cumulative: readonly number[] }[];
  /** True when the class's opened assignments count as games here (`?assignments=include`; docs/ASSIGNMENTS.md). */
  readonly assignments?: boolean;
}

/** A question as a student reviews it: the prompt and the key shown at the reveal. */
export interface StudentQuestion {
  readonly index: number;
  readonly type: QuestionType;
  readonly prompt: string;
  readonly status: QuestionStatus;
  readonly key: KeyView;
  readonly explanation: string | null;
}

/** One game in a student's own history. */
export interface StudentGame {
  readonly roomId: string;
  readonly title: string;
  readonly endedAt: number;
  readonly nickname: string;
  readonly rank: number;
  readonly players: number;
  readonly score: number;
  readonly leaderboard: readonly ReportLeaderRow[];
  readonly questions: readonly StudentQuestion[];
  readonly answers: readonly ReportAnswer[];
}

/** GET /api/games/:roomId/me */
export interface GameHistoryResponse {
  readonly classId: string | null;
  readonly game: StudentGame;
}

/** GET /api/classes/:id/me */
export interface ClassHistoryResponse {
  readonly classId: string;
  readonly name: string;
  readonly nickname: string;
  readonly points: number;
  readonly rank: number | null;
  /** The student's games in the class, oldest first. */
  readonly games: readonly StudentGame[];
}

/** GET /api/members/me: which class a reclaim code belongs to. */
export interface MemberResponse {
  readonly classId: string;
  readonly name: string;
  readonly nickname: string;
}

/** GET /api/join/:code: the class a running game belongs to (public). */
export interface JoinClassResponse {
  readonly classId: string | null;
  readonly className: string | null;
}

/** Every error body of the reports API. */
export interface ApiError {
  readonly error: 'auth/required' | 'auth/forbidden' | 'not-found' | 'payload/invalid' | 'method/not-allowed' | 'rate/limited';
  readonly message: string;
}

/** Rows of a question's answer distribution besides choice options. */
export const DISTRIBUTION_ROWS = 8;
/** Mistakes listed per question in a report. */
export const REPORT_MISTAKES = 8;

/**
 * Self-paced assignments (docs/ASSIGNMENTS.md): the records the server keeps,
 * the shapes of the assignments JSON API (shared by server/assignments and the
 * pages) and the pure rules — when an assignment is open, which variant an
 * attempt gets, and how attempts become a mark (the best attempt counts).
 */
import type { Multiplier } from './game/phases';
import type { AnswerPayload, KeyView, NoteView, PublicQuestion, QuestionType } from './protocol';
import { hashSeed } from './rng';

/** Store collection of {@link AssignmentRecord}s. */
export const ASSIGNMENT_COLLECTION = 'assignment';
/** Store collection of {@link WorkRecord}s: one per assignment and class member. */
export const WORK_COLLECTION = 'assignment-work';
/** Store collection of {@link MemberProfile}s (student identifiers for the gradebook). */
export const PROFILE_COLLECTION = 'member-profile';

/** Attempts per question when the instructor does not say. */
export const DEFAULT_ATTEMPTS = 3;
/** Most attempts per question an assignment may allow. */
export const MAX_ATTEMPTS = 10;
/** Longest assignment title. */
export const ASSIGNMENT_TITLE_MAX = 120;
/** Longest student identifier, name or email in a roster. */
export const PROFILE_FIELD_MAX = 120;
/** Points an assignment question at full credit and weight 1 adds to the class leaderboard (a live question's base). */
export const LEADERBOARD_POINTS_PER_QUESTION = 1000;

/** Where an assignment's questions came from. */
export type AssignmentSource = { readonly kind: 'pack'; readonly packId: string } | { readonly kind: 'game'; readonly roomId: string; readonly packId: string };

/** An assignment as stored. */
export interface AssignmentRecord {
  readonly id: string;
  readonly classId: string;
  readonly title: string;
  readonly source: AssignmentSource;
  /** The pack snapshot the assignment plays (fixed when assigned, so later uploads change nothing). */
  readonly packRef: string;
  /** The assigned questions' ids, in order. */
  readonly questionIds: readonly string[];
  /** Each question's weight: its pack multiplier (0 = practice question, worth nothing). */
  readonly weights: readonly number[];
  readonly opensAt: number;
  readonly closesAt: number;
  /** Attempts per question. */
  readonly attempts: number;
  readonly createdAt: number;
}

/** One graded attempt at one question. */
export interface AttemptRecord {
  readonly questionId: string;
  /** 1-based. */
  readonly attempt: number;
  /** The phone's id for the submission: sending it again returns this attempt instead of using another. */
  readonly answerId: string;
  readonly answer: AnswerPayload;
  readonly correct: boolean;
  readonly credit: number;
  readonly read: { text: string; latex: string } | null;
  readonly notes: readonly NoteView[];
  /** Server time it was graded. */
  readonly at: number;
}

/** One student's work on one assignment. */
export interface WorkRecord {
  readonly assignmentId: string;
  readonly memberId: string;
  readonly nickname: string;
  readonly startedAt: number;
  readonly attempts: readonly AttemptRecord[];
}

/** A class member's identifiers for the gradebook (all optional). */
export interface MemberProfile {
  readonly memberId: string;
  readonly classId: string;
  /** The institution's student identifier (Canvas SIS User ID, Moodle ID number). */
  readonly studentId: string | null;
  /** Full name as the LMS knows it. */
  readonly name: string | null;
  readonly email: string | null;
}

/** Whether an assignment takes answers at `now`: before opening, open (opensAt ≤ now < closesAt), after closing. */
export type AssignmentStatus = 'upcoming' | 'open' | 'closed';

/** The status of an assignment at `now`. @example assignmentStatus({ opensAt: 0, closesAt: 10 }, 10) // 'closed' */
export function assignmentStatus(a: Pick<AssignmentRecord, 'opensAt' | 'closesAt'>, now: number): AssignmentStatus {
  if (now < a.opensAt) return 'upcoming';
  return now < a.closesAt ? 'open' : 'closed';
}

/**
 * The variant seed of one attempt: each attempt of a question with variants
 * gets a new variant of the student's own, reproducible from its parts.
 * @example attemptSeed('a1', 'm1', 'own-network', 2) !== attemptSeed('a1', 'm1', 'own-network', 1)
 */
export function attemptSeed(assignmentId: string, memberId: string, questionId: string, attempt: number): number {
  return hashSeed(`assignment:${assignmentId}:${memberId}:${questionId}:${attempt}`);
}

/** A question's weight from its pack multiplier. */
export function weightOf(multiplier: Multiplier): number {
  return multiplier;
}

/** The attempts at one question, oldest first. */
export function attemptsAt(work: Pick<WorkRecord, 'attempts'> | null, questionId: string): AttemptRecord[] {
  return (work?.attempts ?? []).filter((a) => a.questionId === questionId).sort((a, b) => a.attempt - b.attempt);
}

/** The best credit among attempts (0 with none): the attempt that counts. */
export function bestCredit(attempts: readonly AttemptRecord[]): number {
  return attempts.reduce((best, a) => Math.max(best, a.credit), 0);
}

/** True when a question takes no more attempts: answered correctly or out of attempts. */
export function questionDone(attempts: readonly AttemptRecord[], allowed: number): boolean {
  return attempts.some((a) => a.correct) || attempts.length >= allowed;
}

/** A student's mark on an assignment. */
export interface AssignmentMark {
  /** Sum over questions of best credit × weight, rounded to 3 decimals. */
  readonly points: number;
  /** Sum of the weights. */
  readonly maxPoints: number;
  /** `points / maxPoints` as a percentage (1 decimal), or null when nothing is worth points. */
  readonly percent: number | null;
  /** Questions with at least one attempt. */
  readonly attempted: number;
  /** Questions that take no more attempts. */
  readonly done: number;
  /** Best credit per question, in assignment order. */
  readonly credits: readonly number[];
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/**
 * The mark of a student's work: for each question its best attempt's credit
 * times the question's weight. Accuracy only: when or how fast they answered,
 * and how many attempts they used, change nothing.
 * @example markOf(assignment, work).points
 */
export function markOf(a: Pick<AssignmentRecord, 'questionIds' | 'weights' | 'attempts'>, work: Pick<WorkRecord, 'attempts'> | null): AssignmentMark {
  let points = 0;
  let maxPoints = 0;
  let attempted = 0;
  let done = 0;
  const credits = a.questionIds.map((id, i) => {
    const tries = attemptsAt(work, id);
    const weight = a.weights[i] ?? 1;
    const best = bestCredit(tries);
    points += best * weight;
    maxPoints += weight;
    if (tries.length > 0) attempted++;
    if (questionDone(tries, a.attempts)) done++;
    return best;
  });
  return { points: round3(points), maxPoints, percent: maxPoints > 0 ? Math.round((points / maxPoints) * 1000) / 10 : null, attempted, done, credits };
}

// ---------- API shapes ----------

/** An assignment as the API sends it. */
export interface AssignmentView {
  readonly id: string;
  readonly classId: string;
  readonly title: string;
  readonly source: AssignmentSource;
  readonly questionCount: number;
  readonly maxPoints: number;
  readonly opensAt: number;
  readonly closesAt: number;
  readonly attempts: number;
  readonly status: AssignmentStatus;
  readonly createdAt: number;
}

/** One attempt as its student sees it. */
export interface AttemptView {
  readonly attempt: number;
  readonly answerId: string;
  readonly answer: AnswerPayload;
  readonly verdict: 'correct' | 'partial' | 'wrong';
  readonly credit: number;
  readonly read: { text: string; latex: string } | null;
  readonly notes: readonly NoteView[];
  readonly at: number;
  /** The question as it was for this attempt (its own variant). */
  readonly question: PublicQuestion;
  /** This attempt's key: sent once the question is done (correct or out of attempts) or the assignment closed. */
  readonly key: KeyView | null;
}

/** One question of an assignment as its student sees it. */
export interface StudentAssignmentQuestion {
  readonly index: number;
  readonly questionId: string;
  readonly type: QuestionType;
  readonly weight: number;
  /** The question for the next attempt (a new variant when it has variants); null when done or not open. */
  readonly next: PublicQuestion | null;
  readonly hasVariants: boolean;
  readonly attemptsUsed: number;
  readonly attemptsLeft: number;
  readonly bestCredit: number;
  readonly done: boolean;
  /** The question's explanation (the generated one unless the pack wrote its own). */
  readonly explanation: string | null;
  readonly attempts: readonly AttemptView[];
}

/** GET /api/assignments/:id/me */
export interface StudentAssignmentResponse {
  readonly assignment: AssignmentView;
  readonly className: string;
  readonly nickname: string;
  readonly serverNow: number;
  readonly mark: AssignmentMark;
  readonly questions: readonly StudentAssignmentQuestion[];
}

/** POST /api/assignments/:id/answer */
export interface SubmitAttemptResponse {
  /** False when the same answer id was already graded (the stored attempt is returned). */
  readonly created: boolean;
  readonly attempt: AttemptView;
  readonly question: StudentAssignmentQuestion;
  readonly mark: AssignmentMark;
}

/** GET /api/classes/:id/assignments/me: the class's assignments with the student's own mark. */
export interface StudentAssignmentListResponse {
  readonly classId: string;
  readonly assignments: readonly (AssignmentView & { readonly mark: AssignmentMark; readonly started: boolean })[];
}

/** One student's progress on an assignment, for the instructor. */
export interface ProgressRow {
  readonly memberId: string;
  readonly nickname: string;
  readonly studentId: string | null;
  /** `not started`, `started` (some question attempted, not all done) or `finished` (every question done). */
  readonly state: 'not-started' | 'started' | 'finished';
  readonly startedAt: number | null;
  readonly lastAt: number | null;
  readonly attemptsUsed: number;
  readonly mark: AssignmentMark;
}

/** Per-question analytics of an assignment: the live report's numbers over each student's best attempt. */
export interface AssignmentQuestionStats {
  readonly index: number;
  readonly questionId: string;
  readonly type: QuestionType;
  readonly prompt: string;
  readonly network: unknown;
  readonly target: string | null;
  readonly hasVariants: boolean;
  readonly weight: number;
  /** Class members who attempted it. */
  readonly attempted: number;
  /** Of those, how many have a correct attempt / a partial best. */
  readonly correct: number;
  readonly partial: number;
  /** `correct / members of the class`, or null with no members. */
  readonly correctRate: number | null;
  /** Mean attempts used by those who attempted it. */
  readonly averageAttempts: number | null;
  /** Most common mistakes over every attempt, each student counted once per code. */
  readonly mistakes: readonly { code: string; count: number; message: string }[];
  /** Edge → students whose best attempt selected it (highlight questions; on the base network). */
  readonly heatmap: Readonly<Record<string, number>>;
  /** The edges that carry gradient on the shared network (drawn under the heatmap). */
  readonly keyEdges: readonly string[];
  readonly choiceCounts: readonly number[];
}

/** GET /api/assignments/:id (instructor). */
export interface AssignmentDetailResponse {
  readonly assignment: AssignmentView;
  readonly className: string;
  readonly members: number;
  readonly started: number;
  readonly finished: number;
  readonly progress: readonly ProgressRow[];
  readonly questions: readonly AssignmentQuestionStats[];
}

/** GET /api/assignments?class=<id> (instructor). */
export interface AssignmentListResponse {
  readonly assignments: readonly (AssignmentView & { readonly className: string; readonly started: number; readonly finished: number })[];
}

/** One row of GET /api/classes/:id/roster. */
export interface RosterRow {
  readonly memberId: string;
  readonly nickname: string;
  readonly studentId: string | null;
  readonly name: string | null;
  readonly email: string | null;
}

/** GET/PUT /api/classes/:id/roster and POST …/roster.csv */
export interface RosterResponse {
  readonly classId: string;
  readonly roster: readonly RosterRow[];
  /** Rows of an import that matched no member (or matched several), with why. */
  readonly unmatched?: readonly { line: number; message: string }[];
}

/**
 * Assignments: the instructor assigns a pack (or some of its questions, or the
 * questions of a finished game) to a class; members answer at their own pace
 * with a few attempts per question, each graded at once. Everything lives in
 * the store's document collections (engine/assignments.ts), so both stores
 * keep it across restarts.
 */
import { aggregateMistakes, buildReveal, type GradedAnswer } from '@/engine/game/reveal';
import {
  ASSIGNMENT_COLLECTION,
  WORK_COLLECTION,
  assignmentStatus,
  attemptSeed,
  attemptsAt,
  bestCredit,
  markOf,
  questionDone,
  weightOf,
  type AssignmentDetailResponse,
  type AssignmentQuestionStats,
  type AssignmentRecord,
  type AssignmentSource,
  type AssignmentView,
  type AttemptRecord,
  type AttemptView,
  type ProgressRow,
  type StudentAssignmentQuestion,
  type StudentAssignmentResponse,
  type SubmitAttemptResponse,
  type WorkRecord,
} from '@/engine/assignments';
import type { AnswerPayload } from '@/engine/protocol';
import { REPORT_MISTAKES } from '@/engine/reports';
import { normaliseAnswer, unreadableNote, type RuntimePack, type RuntimeQuestion } from '@/engine/quiz/runtime';
import type { ClassRecord, ClassRegistry, MemberRecord } from '../classes';
import { GradeCache } from '../game/grade-cache';
import { KeyedMutex } from '../game/keyed-mutex';
import type { PackSource } from '../game/ports';
import type { Store } from '../store/types';
import { newId } from '../tokens';
import type { ProfileRegistry } from './profiles';

/** Error codes of the assignments API (docs/ASSIGNMENTS.md). */
export type AssignmentErrorCode =
  | 'auth/required'
  | 'auth/forbidden'
  | 'not-found'
  | 'payload/invalid'
  | 'method/not-allowed'
  | 'assignment/not-open'
  | 'assignment/closed'
  | 'attempts/exhausted'
  | 'question/done'
  | 'attempt/stale'
  | 'answer/unreadable'
  | 'rate/limited';

/** A refusal with its HTTP status and a sentence for the student or instructor. */
export class AssignmentError extends Error {
  constructor(
    readonly status: number,
    readonly code: AssignmentErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** What the instructor sends to create an assignment (validated by the API). */
export interface CreateAssignmentInput {
  readonly classId: string;
  readonly title?: string;
  readonly source: { readonly kind: 'pack'; readonly packId: string } | { readonly kind: 'game'; readonly roomId: string };
  /** Ids of the questions to assign, in order; all of the source's when absent. */
  readonly questionIds?: readonly string[];
  readonly opensAt: number;
  readonly closesAt: number;
  readonly attempts: number;
}

/** One answer as a student sends it. */
export interface SubmitInput {
  readonly questionId: string;
  /** The attempt the phone showed (1-based): must be the next one. */
  readonly attempt: number;
  readonly answerId: string;
  readonly answer: AnswerPayload;
}

/** What the service needs. */
export interface AssignmentDeps {
  readonly store: Store;
  readonly classes: ClassRegistry;
  readonly packs: PackSource;
  readonly profiles: ProfileRegistry;
  readonly now: () => number;
}

const workId = (assignmentId: string, memberId: string) => `${assignmentId}.${memberId}`;

/** Assignments and students' work on them. */
export class AssignmentService {
  private readonly grades = new GradeCache();
  /** One submission at a time per student and assignment (in this process). */
  private readonly lock = new KeyedMutex();

  constructor(private readonly deps: AssignmentDeps) {}

  now(): number {
    return this.deps.now();
  }

  async create(input: CreateAssignmentInput): Promise<AssignmentRecord> {
    const cls = await this.deps.classes.get(input.classId);
    if (!cls) throw new AssignmentError(404, 'not-found', 'No class with that id.');
    if (!(input.closesAt > input.opensAt)) throw new AssignmentError(400, 'payload/invalid', 'closesAt must be after opensAt.');
    let packId: string;
    let source: AssignmentSource;
    let from: readonly string[];
    let title: string;
    if (input.source.kind === 'pack') {
      packId = input.source.packId;
      source = { kind: 'pack', packId };
      from = [];
      title = '';
    } else {
      const report = (await this.deps.store.getReport(input.source.roomId)) as { packId?: string; title?: string; classId?: string | null; questions?: { id: string }[] } | null;
      if (!report || typeof report.packId !== 'string') throw new AssignmentError(404, 'not-found', 'No finished game with that id.');
      packId = report.packId;
      source = { kind: 'game', roomId: input.source.roomId, packId };
      from = (report.questions ?? []).map((q) => q.id);
      title = report.title ?? '';
      // The game played a snapshot of its pack: assign those very questions when the room still names it.
      const room = await this.deps.store.getRoom(input.source.roomId);
      if (room?.packRef) {
        const pack = await this.deps.packs.get(room.packRef);
        if (pack) return this.save(input, cls, source, room.packRef, pack, from, title);
      }
    }
    const snap = await this.deps.packs.snapshot(packId);
    if (!snap) throw new AssignmentError(404, 'not-found', `No quiz pack "${packId}".`);
    return this.save(input, cls, source, snap.ref, snap.pack, from, title || snap.pack.title);
  }

  private async save(
    input: CreateAssignmentInput,
    cls: ClassRecord,
    source: AssignmentSource,
    packRef: string,
    pack: RuntimePack,
    played: readonly string[],
    defaultTitle: string,
  ): Promise<AssignmentRecord> {
    const available = played.length > 0 ? played : pack.questions.map((q) => q.id);
    const ids = input.questionIds ?? available;
    if (ids.length === 0) throw new AssignmentError(400, 'payload/invalid', 'An assignment needs at least one question.');
    if (new Set(ids).size !== ids.length) throw new AssignmentError(400, 'payload/invalid', 'A question is listed twice.');
    const unknown = ids.filter((id) => !available.includes(id) || !pack.questions.some((q) => q.id === id));
    if (unknown.length > 0) throw new AssignmentError(400, 'payload/invalid', `Not a question of ${source.kind === 'game' ? 'that game' : 'that pack'}: ${unknown.join(', ')}.`);
    const weights = ids.map((id) => weightOf((pack.questions.find((q) => q.id === id) as RuntimeQuestion).multiplier));
    const record: AssignmentRecord = {
      id: newId(),
      classId: cls.id,
      title: (input.title?.trim() || defaultTitle).slice(0, 120),
      source,
      packRef,
      questionIds: [...ids],
      weights,
      opensAt: input.opensAt,
      closesAt: input.closesAt,
      attempts: input.attempts,
      createdAt: this.now(),
    };
    await this.deps.store.putDoc(ASSIGNMENT_COLLECTION, record.id, record);
    return record;
  }

  async get(id: string): Promise<AssignmentRecord | null> {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) return null;
    return (await this.deps.store.getDoc(ASSIGNMENT_COLLECTION, id)) as AssignmentRecord | null;
  }

  /** Assignments, newest first; of one class when `classId` is given. */
  async list(classId?: string): Promise<AssignmentRecord[]> {
    const all = (await this.deps.store.listDocs(ASSIGNMENT_COLLECTION)) as AssignmentRecord[];
    return all.filter((a) => !classId || a.classId === classId).sort((a, b) => b.createdAt - a.createdAt || a.id.localeCompare(b.id));
  }

  view(a: AssignmentRecord): AssignmentView {
    return {
      id: a.id,
      classId: a.classId,
      title: a.title,
      source: a.source,
      questionCount: a.questionIds.length,
      maxPoints: a.weights.reduce((s, w) => s + w, 0),
      opensAt: a.opensAt,
      closesAt: a.closesAt,
      attempts: a.attempts,
      status: assignmentStatus(a, this.now()),
      createdAt: a.createdAt,
    };
  }

  async work(assignmentId: string, memberId: string): Promise<WorkRecord | null> {
    return (await this.deps.store.getDoc(WORK_COLLECTION, workId(assignmentId, memberId))) as WorkRecord | null;
  }

  /** Every student's work on one assignment (or on every assignment of `ids`). */
  async allWork(assignmentIds: ReadonlySet<string>): Promise<WorkRecord[]> {
    return ((await this.deps.store.listDocs(WORK_COLLECTION)) as WorkRecord[]).filter((w) => assignmentIds.has(w.assignmentId));
  }

  private async pack(a: AssignmentRecord): Promise<RuntimePack> {
    const pack = await this.deps.packs.get(a.packRef);
    if (!pack) throw new Error(`assignment ${a.id}: pack ${a.packRef} is missing`);
    return pack;
  }

  private question(pack: RuntimePack, id: string): { q: RuntimeQuestion; packIndex: number } {
    const packIndex = pack.questions.findIndex((q) => q.id === id);
    if (packIndex < 0) throw new Error(`question ${id} is missing from its pack`);
    return { q: pack.questions[packIndex] as RuntimeQuestion, packIndex };
  }

  private seed(a: AssignmentRecord, memberId: string, q: RuntimeQuestion, attempt: number): number {
    return q.hasVariants ? attemptSeed(a.id, memberId, q.id, attempt) : 0;
  }

  private studentQuestion(a: AssignmentRecord, pack: RuntimePack, index: number, memberId: string, work: WorkRecord | null): StudentAssignmentQuestion {
    const id = a.questionIds[index] as string;
    const { q } = this.question(pack, id);
    const tries = attemptsAt(work, id);
    const done = questionDone(tries, a.attempts);
    const open = assignmentStatus(a, this.now()) === 'open';
    const showKeys = done || assignmentStatus(a, this.now()) === 'closed';
    const attempts: AttemptView[] = tries.map((t) => {
      const seed = this.seed(a, memberId, q, t.attempt);
      return {
        attempt: t.attempt,
        answerId: t.answerId,
        answer: t.answer,
        verdict: t.correct ? 'correct' : t.credit > 0 ? 'partial' : 'wrong',
        credit: t.credit,
        read: t.read,
        notes: t.notes,
        at: t.at,
        question: q.view(index, seed),
        key: showKeys ? q.key(seed) : null,
      };
    });
    return {
      index,
      questionId: id,
      type: q.type,
      weight: a.weights[index] ?? 1,
      next: open && !done ? q.view(index, this.seed(a, memberId, q, tries.length + 1)) : null,
      hasVariants: q.hasVariants,
      attemptsUsed: tries.length,
      attemptsLeft: Math.max(0, a.attempts - tries.length),
      bestCredit: bestCredit(tries),
      done,
      explanation: q.explanation,
      attempts,
    };
  }

  /** What a student sees of an assignment: their own attempts only. */
  async studentView(a: AssignmentRecord, member: MemberRecord): Promise<StudentAssignmentResponse> {
    const [pack, work, cls] = await Promise.all([this.pack(a), this.work(a.id, member.id), this.deps.classes.get(a.classId)]);
    return {
      assignment: this.view(a),
      className: cls?.name ?? '',
      nickname: work?.nickname ?? member.nickname,
      serverNow: this.now(),
      mark: markOf(a, work),
      questions: a.questionIds.map((_, i) => this.studentQuestion(a, pack, i, member.id, work)),
    };
  }

  /**
   * Grades one attempt. Checks, in order: the same answer id already graded
   * (returned again), open (not before opensAt, not after closesAt), the
   * question, done or out of attempts, the attempt number, readable; then stores.
   */
  submit(a: AssignmentRecord, member: MemberRecord, input: SubmitInput): Promise<SubmitAttemptResponse> {
    return this.lock.run(workId(a.id, member.id), async () => {
      const pack = await this.pack(a);
      const work = await this.work(a.id, member.id);
      const index = a.questionIds.indexOf(input.questionId);
      const answer = (created: boolean, attempt: AttemptRecord, w: WorkRecord | null): SubmitAttemptResponse => {
        const question = this.studentQuestion(a, pack, index, member.id, w);
        const view = question.attempts.find((t) => t.attempt === attempt.attempt) as AttemptView;
        return { created, attempt: view, question, mark: markOf(a, w) };
      };
      const same = work?.attempts.find((t) => t.answerId === input.answerId && t.questionId === input.questionId);
      if (same && index >= 0) return answer(false, same, work);
      const now = this.now();
      const status = assignmentStatus(a, now);
      if (status === 'upcoming') throw new AssignmentError(409, 'assignment/not-open', `This assignment opens at ${new Date(a.opensAt).toISOString()}.`);
      if (status === 'closed') throw new AssignmentError(409, 'assignment/closed', `This assignment closed at ${new Date(a.closesAt).toISOString()}: answers are no longer accepted.`);
      if (index < 0) throw new AssignmentError(404, 'not-found', 'That question is not part of this assignment.');
      const { q } = this.question(pack, input.questionId);
      const tries = attemptsAt(work, q.id);
      if (tries.some((t) => t.correct)) throw new AssignmentError(409, 'question/done', 'You already answered this question correctly.');
      if (tries.length >= a.attempts) throw new AssignmentError(409, 'attempts/exhausted', `You have used all ${a.attempts} attempts at this question.`);
      const attemptNo = tries.length + 1;
      if (input.attempt !== attemptNo) {
        throw new AssignmentError(409, 'attempt/stale', `This is attempt ${attemptNo} of this question, not ${input.attempt} (answered on another phone?): reload to see it.`);
      }
      const verdict = this.grades.grade(q, input.answer, this.seed(a, member.id, q, attemptNo));
      const unreadable = unreadableNote(verdict);
      // An answer the engine cannot read is bounced without using an attempt, as in live games.
      if (unreadable) throw new AssignmentError(422, 'answer/unreadable', unreadable.message);
      const record: AttemptRecord = {
        questionId: q.id,
        attempt: attemptNo,
        answerId: input.answerId,
        answer: normaliseAnswer(input.answer),
        correct: verdict.correct,
        credit: verdict.credit,
        read: verdict.read,
        notes: verdict.notes,
        at: now,
      };
      const next: WorkRecord = {
        assignmentId: a.id,
        memberId: member.id,
        nickname: work?.nickname ?? member.nickname,
        startedAt: work?.startedAt ?? now,
        attempts: [...(work?.attempts ?? []), record],
      };
      await this.deps.store.putDoc(WORK_COLLECTION, workId(a.id, member.id), next);
      return answer(true, record, next);
    });
  }

  /** The instructor's view: progress per member and per-question analytics. */
  async detail(a: AssignmentRecord): Promise<AssignmentDetailResponse> {
    const [pack, members, works, cls, profiles] = await Promise.all([
      this.pack(a),
      this.deps.classes.listMembers(a.classId),
      this.allWork(new Set([a.id])),
      this.deps.classes.get(a.classId),
      this.deps.profiles.forClass(a.classId),
    ]);
    const byMember = new Map(works.map((w) => [w.memberId, w]));
    const progress: ProgressRow[] = members.map((m) => {
      const w = byMember.get(m.id) ?? null;
      const mark = markOf(a, w);
      const state = !w || w.attempts.length === 0 ? 'not-started' : mark.done === a.questionIds.length ? 'finished' : 'started';
      return {
        memberId: m.id,
        nickname: w?.nickname ?? m.nickname,
        studentId: profiles.get(m.id)?.studentId ?? null,
        state,
        startedAt: w?.startedAt ?? null,
        lastAt: w && w.attempts.length > 0 ? Math.max(...w.attempts.map((t) => t.at)) : null,
        attemptsUsed: w?.attempts.length ?? 0,
        mark,
      };
    });
    progress.sort((x, y) => y.mark.points - x.mark.points || x.nickname.localeCompare(y.nickname));
    const questions = a.questionIds.map((id, i) => this.questionStats(a, pack, i, id, works, members.length));
    return {
      assignment: this.view(a),
      className: cls?.name ?? '',
      members: members.length,
      started: progress.filter((p) => p.state !== 'not-started').length,
      finished: progress.filter((p) => p.state === 'finished').length,
      progress,
      questions,
    };
  }

  private questionStats(a: AssignmentRecord, pack: RuntimePack, index: number, id: string, works: readonly WorkRecord[], members: number): AssignmentQuestionStats {
    const { q } = this.question(pack, id);
    const view = q.view(index, 0);
    const best: GradedAnswer[] = [];
    const everyMistake: GradedAnswer[] = [];
    let attemptsSum = 0;
    for (const w of works) {
      const tries = attemptsAt(w, id);
      if (tries.length === 0) continue;
      attemptsSum += tries.length;
      // The attempt that counts: the highest credit, the first of equals.
      const top = tries.reduce((b, t) => (t.credit > b.credit ? t : b));
      best.push(top);
      // Every note a student got on any attempt, each code once per student.
      everyMistake.push({ answer: top.answer, correct: top.correct, credit: top.credit, notes: tries.flatMap((t) => t.notes) });
    }
    const reveal = buildReveal({ questionIndex: index, key: q.key(0), explanation: q.explanation, choiceCount: view.choices.length, players: members, answers: best });
    return {
      index,
      questionId: id,
      type: q.type,
      prompt: view.prompt,
      network: view.network,
      target: view.target,
      hasVariants: q.hasVariants,
      weight: a.weights[index] ?? 1,
      attempted: best.length,
      correct: reveal.correct,
      partial: reveal.partial,
      correctRate: members > 0 ? reveal.correct / members : null,
      averageAttempts: best.length > 0 ? attemptsSum / best.length : null,
      mistakes: aggregateMistakes(everyMistake, REPORT_MISTAKES),
      // Students' own variants draw different networks: a heatmap only means something on the shared one.
      heatmap: q.hasVariants ? {} : reveal.heatmap,
      keyEdges: q.key(0).edges,
      choiceCounts: reveal.choiceCounts,
    };
  }
}

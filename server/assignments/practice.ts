/**
 * Practice on the server: a member's history from the class's finished games
 * and assignments, the engine's plan over it (engine/practice.ts), and the
 * questions it names. Nothing here is stored: practice never changes marks.
 */
import { randomInt } from 'node:crypto';
import { attemptsAt } from '@/engine/assignments';
import {
  PRACTICE_ID_PREFIX,
  practicePlan,
  practiceQuestion,
  type PracticeHistoryEntry,
  type PracticeItem,
  type PracticeResponse,
} from '@/engine/practice';
import type { RuntimeQuestion } from '@/engine/quiz/runtime';
import type { MemberRecord } from '../classes';
import type { PackSource } from '../game/ports';
import { ReportReader } from '../reports/report-reader';
import type { Store } from '../store/types';
import type { AssignmentService } from './service';

/** Largest variant seed handed out for a practice question. */
const MAX_SEED = 2 ** 31 - 1;

/** What practice needs. */
export interface PracticeDeps {
  readonly store: Store;
  readonly packs: PackSource;
  readonly assignments: AssignmentService;
}

/** Builds practice sets and finds the question a practice id names. */
export class PracticeService {
  private readonly reader: ReportReader;

  constructor(private readonly deps: PracticeDeps) {
    this.reader = new ReportReader(deps.store);
  }

  /** Every question the member answered (or left unanswered) in the class's games and assignments. */
  async history(member: MemberRecord): Promise<PracticeHistoryEntry[]> {
    const entries: PracticeHistoryEntry[] = [];
    const summaries = (await this.reader.summaries()).filter((s) => s.classId === member.classId && s.members.some((m) => m.memberId === member.id));
    for (const s of summaries) {
      const report = await this.reader.report(s.roomId);
      const student = report?.students.find((st) => st.memberId === member.id);
      if (!report || !student) continue;
      for (const a of student.answers) {
        const q = report.questions[a.questionIndex];
        if (!q || q.status === 'skipped' || a.verdict === 'absent') continue;
        entries.push({
          source: 'game',
          sourceId: report.roomId,
          title: report.title,
          questionId: a.questionId,
          at: report.endedAt,
          correct: a.verdict === 'correct',
          noteCodes: a.notes.map((n) => n.code),
        });
      }
    }
    for (const a of await this.deps.assignments.list(member.classId)) {
      const work = await this.deps.assignments.work(a.id, member.id);
      if (!work) continue;
      for (const id of a.questionIds) {
        const tries = attemptsAt(work, id);
        if (tries.length === 0) continue;
        entries.push({
          source: 'assignment',
          sourceId: a.id,
          title: a.title,
          questionId: id,
          at: Math.max(...tries.map((t) => t.at)),
          correct: tries.some((t) => t.correct),
          noteCodes: tries.flatMap((t) => t.notes.map((n) => n.code)),
        });
      }
    }
    return entries;
  }

  /** The question a practice id names, if it belongs to the member's class. */
  async question(member: MemberRecord, id: string): Promise<RuntimeQuestion | null> {
    if (id.startsWith(`${PRACTICE_ID_PREFIX}.`)) return practiceQuestion(id);
    const m = /^missed\.(game|assignment)\.([A-Za-z0-9_-]{1,64})\.([A-Za-z0-9][A-Za-z0-9_-]{0,63})$/u.exec(id);
    if (!m) return null;
    const [, kind, sourceId, questionId] = m as unknown as [string, 'game' | 'assignment', string, string];
    let ref: string | null = null;
    if (kind === 'assignment') {
      const a = await this.deps.assignments.get(sourceId);
      if (a?.classId === member.classId) ref = a.packRef;
    } else {
      const report = await this.reader.report(sourceId);
      if (report?.classId === member.classId) ref = (await this.deps.store.getRoom(sourceId))?.packRef ?? report.packId;
    }
    if (!ref) return null;
    const pack = await this.deps.packs.get(ref);
    return pack?.questions.find((q) => q.id === questionId) ?? null;
  }

  /** The member's practice set: missed questions on fresh variants, then new ones aimed at their mistakes. */
  async practiceSet(member: MemberRecord): Promise<PracticeResponse> {
    const plan = practicePlan(await this.history(member), randomInt(1, MAX_SEED));
    const items: PracticeItem[] = [];
    for (const e of plan.missed) {
      const id = `missed.${e.source}.${e.sourceId}.${e.questionId}`;
      const q = await this.question(member, id);
      if (!q) continue;
      const seed = q.hasVariants ? randomInt(1, MAX_SEED) : 0;
      items.push({ id, kind: 'missed', label: `Missed in ${e.source === 'game' ? 'the game' : 'the assignment'} “${e.title}”`, seed, question: q.view(items.length, seed) });
    }
    for (const t of plan.targeted) {
      const q = practiceQuestion(t.id);
      if (!q) continue;
      items.push({ id: t.id, kind: 'targeted', label: t.reason, seed: 0, question: q.view(items.length, 0) });
    }
    return { classId: member.classId, codes: plan.codes, items };
  }
}

/**
 * Class-wide views built from finished games: the class leaderboard (points
 * summed by member over the class's games, nicknames only) and a student's
 * own history. Pure functions over report summaries and reports.
 */
import type {
  ClassLeaderboardResponse,
  ClassLeaderRow,
  GameReport,
  ReportStudent,
  ReportSummary,
  StudentGame,
} from '@/engine/reports';

/** Students drawn in the class leaderboard's chart. */
export const CHART_STUDENTS = 8;

/** The class's games that count: at least one question played, oldest first. */
export function classGames(classId: string, summaries: readonly ReportSummary[]): ReportSummary[] {
  return summaries.filter((s) => s.classId === classId && s.questionsPlayed > 0).sort((a, b) => a.endedAt - b.endedAt || a.roomId.localeCompare(b.roomId));
}

interface Standing {
  readonly memberId: string;
  nickname: string;
  points: number;
  games: number;
  readonly perGame: number[];
}

/** Every member's total over the class's games, ranked (equal points share a rank). */
export function classStandings(classId: string, summaries: readonly ReportSummary[]): { games: ReportSummary[]; rows: (Standing & { rank: number })[] } {
  const games = classGames(classId, summaries);
  const byMember = new Map<string, Standing>();
  games.forEach((game, g) => {
    for (const m of game.members) {
      let s = byMember.get(m.memberId);
      if (!s) byMember.set(m.memberId, (s = { memberId: m.memberId, nickname: m.nickname, points: 0, games: 0, perGame: games.map(() => 0) }));
      // The nickname of their latest game is the one classmates know.
      s.nickname = m.nickname;
      s.points += m.score;
      s.games += 1;
      s.perGame[g] = (s.perGame[g] ?? 0) + m.score;
    }
  });
  const sorted = [...byMember.values()].sort((a, b) => b.points - a.points || a.nickname.localeCompare(b.nickname) || a.memberId.localeCompare(b.memberId));
  const rows: (Standing & { rank: number })[] = [];
  sorted.forEach((s, i) => {
    const prev = rows[i - 1];
    rows.push({ ...s, rank: prev && prev.points === s.points ? prev.rank : i + 1 });
  });
  return { games, rows };
}

/** The public class leaderboard: nicknames and points, plus cumulative points of the top students for the chart. */
export function classLeaderboard(cls: { id: string; name: string }, summaries: readonly ReportSummary[], chartStudents = CHART_STUDENTS): ClassLeaderboardResponse {
  const { games, rows } = classStandings(cls.id, summaries);
  const leaderboard: ClassLeaderRow[] = rows.map((r) => ({ rank: r.rank, nickname: r.nickname, points: r.points, games: r.games }));
  const series = rows.slice(0, chartStudents).map((r) => {
    let sum = 0;
    return { nickname: r.nickname, cumulative: r.perGame.map((p) => (sum += p)) };
  });
  return { classId: cls.id, name: cls.name, games: games.map((g) => ({ title: g.title, endedAt: g.endedAt })), leaderboard, series };
}

/** One student's view of one game: their own answers, the questions' keys and the nickname leaderboard. */
export function studentGame(report: GameReport, student: ReportStudent): StudentGame {
  return {
    roomId: report.roomId,
    title: report.title,
    endedAt: report.endedAt,
    nickname: student.nickname,
    rank: student.rank,
    players: report.students.length,
    score: student.score,
    leaderboard: report.leaderboard,
    questions: report.questions.map((q) => ({
      index: q.index,
      type: q.type,
      prompt: q.prompt,
      status: q.status,
      // With per-student variants the student's own key is on their answer.
      key: q.key,
      explanation: q.explanation,
    })),
    answers: student.answers,
  };
}

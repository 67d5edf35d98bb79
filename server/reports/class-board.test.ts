import { describe, expect, it } from 'vitest';
import { classGames, classLeaderboard, classStandings } from './class-board';
import type { ReportSummary } from '@/engine/reports';

function game(roomId: string, classId: string | null, endedAt: number, members: [string, string, number][], questionsPlayed = 3): ReportSummary {
  return {
    roomId,
    code: '000000',
    title: `Game ${roomId}`,
    classId,
    createdAt: endedAt - 100,
    endedAt,
    endedEarly: false,
    questionCount: 3,
    questionsPlayed,
    players: members.length,
    correctRate: null,
    leaders: [],
    members: members.map(([memberId, nickname, score]) => ({ memberId, nickname, score })),
  };
}

const summaries = [
  game('g2', 'c1', 200, [['m1', 'Ada L.', 500], ['m2', 'Bob', 1500], ['m3', 'Cy', 0]]),
  game('g1', 'c1', 100, [['m1', 'Ada', 1000], ['m2', 'Bob', 0]]),
  game('other', 'c2', 150, [['m9', 'Zed', 9999]]),
  game('open', null, 150, []),
  game('empty', 'c1', 300, [['m1', 'Ada', 0]], 0),
];

describe('class leaderboard', () => {
  it('keeps only the class’s played games, oldest first', () => {
    expect(classGames('c1', summaries).map((g) => g.roomId)).toEqual(['g1', 'g2']);
  });

  it('sums points by member, shares ranks on ties and uses the latest nickname', () => {
    const { rows } = classStandings('c1', summaries);
    expect(rows.map((r) => [r.rank, r.nickname, r.points, r.games])).toEqual([
      [1, 'Ada L.', 1500, 2],
      [1, 'Bob', 1500, 2],
      [3, 'Cy', 0, 1],
    ]);
  });

  it('gives nicknames and points only, with cumulative points of the top students per game', () => {
    const board = classLeaderboard({ id: 'c1', name: '50.039 Deep Learning' }, summaries, 2);
    expect(board).toEqual({
      classId: 'c1',
      name: '50.039 Deep Learning',
      games: [
        { title: 'Game g1', endedAt: 100 },
        { title: 'Game g2', endedAt: 200 },
      ],
      leaderboard: [
        { rank: 1, nickname: 'Ada L.', points: 1500, games: 2 },
        { rank: 1, nickname: 'Bob', points: 1500, games: 2 },
        { rank: 3, nickname: 'Cy', points: 0, games: 1 },
      ],
      series: [
        { nickname: 'Ada L.', cumulative: [1000, 1500] },
        { nickname: 'Bob', cumulative: [0, 1500] },
      ],
    });
    expect(JSON.stringify(board)).not.toMatch(/"m1"|"m2"|roomId|memberId/);
  });

  it('is empty for a class without games', () => {
    expect(classLeaderboard({ id: 'c3', name: 'New' }, summaries)).toEqual({ classId: 'c3', name: 'New', games: [], leaderboard: [], series: [] });
  });
});

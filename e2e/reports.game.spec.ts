/**
 * After the lecture: two short Week 09 games in one class (driven over
 * socket.io from the test), then the instructor opens the reports and the
 * class leaderboard on a laptop, and students open their own history on their
 * phones — one of them on a new phone with their reclaim code.
 */
import { readFile } from 'node:fs/promises';
import { devices, expect, test } from '@playwright/test';
import { expectNoSidewaysScroll, instructorKey, phoneWith, screenshot, SocketGame } from './fixtures/reports';

test.setTimeout(180_000);

/** The edges of Week 09 question 2 (∂E/∂w_{2,5} on Network I). */
const KEY_EDGES = ['n2-n5', 'n5-n7', 'n7-E'];

test('the instructor reviews the games and the class; students see only their own answers', async ({ browser, baseURL, request }, testInfo) => {
  if (!baseURL) throw new Error('baseURL is not configured');
  const key = await instructorKey();
  const className = `50.039 Deep Learning ${Date.now().toString(36)}`;
  const made = await request.post('/api/classes', { headers: { authorization: `Bearer ${key}` }, data: { name: className } });
  expect(made.status()).toBe(201);
  const classId = ((await made.json()) as { class: { id: string } }).class.id;

  // ---------- game 1: a count and a highlight question, then the host ends it ----------
  const g1 = await SocketGame.create(baseURL, 'week09', classId, key);
  const ada = await g1.join('Ada');
  const bob = await g1.join('Bob');
  const cy = await g1.join('Cy');
  await g1.open(0);
  await g1.answerAll(0, [
    [ada, { kind: 'count', value: '2' }],
    [cy, { kind: 'count', value: '2' }],
    [bob, { kind: 'count', value: '3' }],
  ]);
  await g1.open(1);
  const reveal = await g1.answerAll(1, [
    [ada, { kind: 'highlight', edges: KEY_EDGES }],
    [bob, { kind: 'highlight', edges: ['n5-n7', 'n7-E'] }],
    [cy, { kind: 'highlight', edges: ['n2-n4', 'n4-n6', 'n6-E'] }],
  ]);
  expect(reveal.reveal?.heatmap).toEqual({ 'n2-n5': 1, 'n5-n7': 2, 'n7-E': 2, 'n2-n4': 1, 'n4-n6': 1, 'n6-E': 1 });
  await g1.end();

  // ---------- game 2, a week later: Ada and Bob come back on the same phones (member tokens);
  // the host ends it while question 2 is still open (graded, not scored) ----------
  const g2 = await SocketGame.create(baseURL, 'week09', classId, key);
  const ada2 = await g2.join('Ada', ada.joined.memberToken);
  const bob2 = await g2.join('Bob', bob.joined.memberToken);
  await g2.open(0);
  await g2.answerAll(0, [
    [bob2, { kind: 'count', value: '2' }],
    [ada2, { kind: 'count', value: '4' }],
  ]);
  await g2.open(1);
  await g2.answer(ada2, 1, { kind: 'highlight', edges: ['n5-n7', 'n7-E'] });
  await g2.end();
  g1.close();
  g2.close();

  // ---------- the instructor, on a laptop ----------
  const laptop = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const teacher = await laptop.newPage();
  await teacher.goto('/reports');
  await expect(teacher.getByTestId('instructor-key-form')).toBeVisible();
  await teacher.getByLabel('Key').fill('not-the-key');
  await teacher.getByRole('button', { name: 'Open reports' }).click();
  await expect(teacher.getByTestId('instructor-key-form').getByRole('alert')).toHaveText('That is not the instructor key.');
  await teacher.getByLabel('Key').fill(key);
  await teacher.getByRole('button', { name: 'Open reports' }).click();
  const classRow = teacher.getByTestId('class-list').getByRole('row', { name: new RegExp(className) });
  await expect(classRow).toContainText('2');
  await expect(classRow.getByRole('link', { name: 'Run a game in this class' })).toHaveAttribute('href', `/host?class=${classId}`);
  const gameRows = teacher.getByTestId('report-list').getByRole('row').filter({ hasText: className });
  await expect(gameRows).toHaveCount(2);
  await screenshot(teacher, testInfo, 'instructor-01-reports');

  await teacher.goto(`/reports/${g1.roomId}`);
  await expect(teacher.getByTestId('report-title')).toHaveText('Week 09 — how the gradient flows');
  const board = teacher.getByTestId('report-leaderboard');
  await expect(board.getByRole('row')).toHaveCount(4);
  await expect(board.getByRole('row').nth(1)).toContainText('Ada');
  await expect(board.getByRole('row').nth(2)).toContainText('Cy');
  await expect(board.getByRole('row').nth(3)).toContainText('Bob');
  await expect(teacher.getByTestId('correct-rate-chart').locator('.rp-bar')).toHaveCount(2);
  await expect(teacher.getByTestId('correct-rate-chart').locator('.rp-bar').first()).toHaveAttribute('data-value', String(2 / 3));
  const q2 = teacher.getByTestId('question-2');
  await expect(q2.getByTestId('mistakes')).toContainText('highlight/missing-edge');
  const heat = q2.getByTestId('heatmap');
  await expect(heat.locator('[data-edge="n5-n7"]')).toHaveAttribute('data-count', '2');
  await expect(heat.locator('[data-edge="n2-n5"]')).toHaveAttribute('data-key', 'true');
  await expect(heat.locator('[data-edge="x1-n1"]')).toHaveAttribute('data-count', '0');
  await expect(teacher.getByTestId('answer-matrix').getByRole('row')).toHaveCount(4);
  await screenshot(teacher, testInfo, 'instructor-02-game-report');
  await heat.screenshot({ path: testInfo.outputPath('instructor-02b-heatmap.png') });

  await teacher.goto(`/reports/${g2.roomId}`);
  await expect(teacher.getByTestId('question-2')).toContainText('Open when the game ended (no points)');
  await expect(teacher.getByTestId('answer-matrix').getByRole('row').nth(1)).toContainText('Bob');
  await screenshot(teacher, testInfo, 'instructor-02c-ended-while-open');
  await teacher.goto(`/reports/${g1.roomId}`);

  const csv = teacher.waitForEvent('download');
  await teacher.getByRole('button', { name: 'CSV: every answer' }).click();
  const download = await csv;
  expect(download.suggestedFilename()).toMatch(/^gradflow-week-09-how-the-gradient-flows-\d{4}-\d{2}-\d{2}-answers\.csv$/);
  const text = await readFile(await download.path(), 'utf8');
  expect(text.startsWith('\uFEFFrank,nickname,student_id,question,')).toBe(true);
  expect(text.split('\r\n')).toHaveLength(1 + 3 * 2 + 1);

  await teacher.goto(`/classes/${classId}`);
  await expect(teacher.getByTestId('class-name')).toHaveText(className);
  const classBoard = teacher.getByTestId('class-leaderboard').getByRole('listitem');
  await expect(classBoard).toHaveCount(3);
  await expect(classBoard.first()).toContainText('Ada');
  await expect(classBoard.first()).toContainText('2 games');
  await expect(teacher.getByTestId('class-chart').locator('.rp-series')).toHaveCount(3);
  await screenshot(teacher, testInfo, 'instructor-03-class-leaderboard');

  // ---------- Bob on his phone: his own answers, nothing of the others' ----------
  const bobPhone = await phoneWith(browser, {
    member: { classId, token: bob.joined.memberToken ?? '' },
    games: [
      { roomId: g2.roomId, playerToken: bob2.joined.playerToken, classId, nickname: 'Bob' },
      { roomId: g1.roomId, playerToken: bob.joined.playerToken, classId, nickname: 'Bob' },
    ],
  });
  const phone = bobPhone.page;
  await phone.goto(`/me?room=${g1.roomId}`);
  const game = phone.getByTestId('my-game');
  await expect(game).toContainText('rank 3 of 3');
  const answers = game.getByTestId('my-answer');
  await expect(answers).toHaveCount(2);
  await expect(answers.nth(0)).toContainText('You answered: 3');
  await expect(answers.nth(0)).toContainText('Wrong');
  await expect(answers.nth(1)).toContainText('Partly right');
  await expect(answers.nth(1)).toContainText('n5-n7 n7-E');
  await expect(phone.getByTestId('my-history')).not.toContainText('n2-n4 n4-n6 n6-E');
  await expectNoSidewaysScroll(phone);
  await screenshot(phone, testInfo, 'student-01-game-history');

  await phone.getByRole('link', { name: 'All my games in this class' }).click();
  await expect(phone.getByTestId('my-class-title')).toHaveText('Bob');
  await expect(phone.getByTestId('my-game')).toHaveCount(2);
  await expect(phone.getByTestId('my-game').first()).toContainText('No answer');
  await expect(phone.getByTestId('reclaim-code')).toContainText(bob.joined.memberToken ?? 'none');
  await expectNoSidewaysScroll(phone);
  await screenshot(phone, testInfo, 'student-02-class-history');

  // The instructor's report is not for students.
  await phone.goto(`/reports/${g1.roomId}`);
  await expect(phone.getByTestId('instructor-key-form')).toBeVisible();
  expect((await request.get(`/api/reports/${g1.roomId}`, { headers: { authorization: `Bearer ${bob.joined.playerToken}` } })).status()).toBe(403);

  // ---------- Ada on a new phone: "use my code" ----------
  const newPhone = await browser.newContext({ ...devices['Pixel 7'], viewport: { width: 390, height: 844 } });
  const fresh = await newPhone.newPage();
  await fresh.goto(`/me?class=${classId}`);
  await fresh.getByLabel('Reclaim code').fill(ada.joined.memberToken ?? '');
  await screenshot(fresh, testInfo, 'student-03-reclaim');
  await fresh.getByRole('button', { name: 'Use my code' }).click();
  await expect(fresh.getByTestId('my-class-title')).toHaveText('Ada');
  await expect(fresh.getByTestId('my-game')).toHaveCount(2);
  expect(await fresh.evaluate((id) => window.localStorage.getItem(`gradflow.member.${id}`), classId)).toBe(ada.joined.memberToken);
  await screenshot(fresh, testInfo, 'student-04-reclaimed');

  await laptop.close();
  await bobPhone.context.close();
  await newPhone.close();
});

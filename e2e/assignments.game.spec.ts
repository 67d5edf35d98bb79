/**
 * After the lecture, as homework: the instructor assigns three Week 09
 * questions to a class on a laptop; two students do them on phones — Ada
 * with a retry on the warm-up and on the finale, whose second attempt is a
 * new network of her own, Bob losing the network as he sends his last answer; the instructor sees who finished with what, fills
 * in student ids, and downloads the Canvas and Moodle gradebooks, whose
 * columns and values the test checks against the scores.
 */
import { readFile } from 'node:fs/promises';
import { devices, expect, test, type Page } from '@playwright/test';
import type { AssignmentDetailResponse, StudentAssignmentResponse } from '../engine/assignments';
import { parseNetworkOrThrow } from '../engine/network';
import { expressionKey } from '../engine/quiz/explain';
import { parseTarget } from '../engine/target';
import { instructorKey, screenshot } from './fixtures/reports';

test.setTimeout(240_000);

const QUESTIONS = ['warmup-paths-n1', 'highlight-w25', 'own-network'];
/** ∂E/∂w_{2,5} on Network I flows along these edges (Week 09 question 2). */
const KEY_EDGES = ['n2-n5', 'n5-n7', 'n7-E'];

/** What the server has for this phone's student (read with the member token the phone keeps). */
async function myWork(page: Page, assignmentId: string, classId: string): Promise<StudentAssignmentResponse> {
  const token = await page.evaluate((k) => window.localStorage.getItem(k), `gradflow.member.${classId}`);
  if (!token) throw new Error('the phone keeps no member token');
  const res = await page.request.get(`/api/assignments/${assignmentId}/me`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status()).toBe(200);
  return (await res.json()) as StudentAssignmentResponse;
}

/** The key of the finale variant this student is shown next, computed by the engine from what the phone got. */
async function finaleKey(page: Page, assignmentId: string, classId: string): Promise<{ text: string; network: unknown }> {
  const next = (await myWork(page, assignmentId, classId)).questions[2]?.next;
  if (!next) throw new Error('no next attempt at the finale');
  const target = parseTarget(next.target as string);
  if (!target.ok) throw new Error(target.error);
  return { text: expressionKey(parseNetworkOrThrow(next.network), target.target).text, network: next.network };
}

async function answerCount(page: Page, value: string) {
  const next = page.getByTestId('assignment-next');
  await next.getByTestId('count-value').fill(value);
  await next.getByTestId('submit-answer').click();
}

async function answerHighlight(page: Page, edges: readonly string[]) {
  const next = page.getByTestId('assignment-next');
  for (const e of edges) await next.getByTestId(`edge-${e}`).click();
  await next.getByTestId('submit-answer').click();
}

async function answerExpression(page: Page, text: string) {
  const next = page.getByTestId('assignment-next');
  await next.getByTestId('mode-type').click();
  await next.getByTestId('expression-text').fill(text);
  await next.getByTestId('submit-answer').click();
}

/** The latest result on the open question. */
const result = (page: Page) => page.getByTestId('assignment-question').getByTestId('attempt-result').first();

/** Parses the RFC 4180 CSV the server writes (BOM, CRLF, quoted fields). */
function parseCsv(text: string): string[][] {
  expect(text.startsWith('\uFEFF')).toBe(true);
  const rows: string[][] = [];
  for (const line of text.slice(1).split('\r\n').filter((l) => l !== '')) {
    const cells: string[] = [];
    let cell = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i] as string;
      if (quoted && ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') {
        quoted = !quoted;
      } else if (ch === ',' && !quoted) {
        cells.push(cell);
        cell = '';
      } else {
        cell += ch;
      }
    }
    cells.push(cell);
    rows.push(cells);
  }
  return rows;
}

test('the instructor assigns a pack; two students do it on phones; the gradebook CSV matches the scores', async ({ browser, request }, testInfo) => {
  const key = await instructorKey();
  const className = `50.039 Homework ${Date.now().toString(36)}`;
  const made = await request.post('/api/classes', { headers: { authorization: `Bearer ${key}` }, data: { name: className } });
  expect(made.status()).toBe(201);
  const classId = ((await made.json()) as { class: { id: string } }).class.id;

  // ---------- the instructor assigns three questions of Week 09, two attempts each ----------
  const laptop = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const teacher = await laptop.newPage();
  await teacher.goto(`/reports/classes/${classId}`);
  await teacher.getByLabel('Key').fill(key);
  await teacher.getByRole('button', { name: 'Open reports' }).click();
  await expect(teacher.getByTestId('class-admin-name')).toHaveText(className);
  const form = teacher.getByTestId('assign-form');
  await expect(form.getByTestId('assign-pack')).toHaveValue('week09');
  const boxes = form.getByTestId('assign-questions').getByRole('checkbox');
  await expect(boxes.first()).toBeVisible();
  const all = await boxes.count();
  expect(all).toBeGreaterThan(QUESTIONS.length);
  for (const box of await boxes.all()) {
    const id = await box.getAttribute('data-question-id');
    if (!QUESTIONS.includes(id ?? '')) await box.uncheck();
  }
  await expect(form.getByTestId('assign-questions')).toContainText(`Questions (3 of ${all})`);
  await form.getByTestId('assign-attempts').fill('2');
  await form.getByRole('button', { name: 'Assign to this class' }).click();
  const row = teacher.getByTestId('assignment-list').getByRole('row', { name: /Week 09/u });
  await expect(row).toContainText('3 questions · 2 attempts');
  const link = (await row.getByTestId('student-link').textContent()) ?? '';
  const assignmentId = link.replace('/a/', '');
  expect(assignmentId).toMatch(/^[A-Za-z0-9_-]+$/u);

  // ---------- Ada, on her phone: retries, and a new variant on the finale ----------
  const adaPhone = await browser.newContext({ ...devices['Pixel 7'], viewport: { width: 390, height: 844 } });
  const ada = await adaPhone.newPage();
  await ada.goto(link);
  await expect(ada.getByTestId('assignment-status')).toHaveText('Open');
  await ada.getByLabel('Nickname').fill('Ada');
  await ada.getByRole('button', { name: 'Start the assignment' }).click();
  await expect(ada.getByTestId('assignment-question')).toContainText('Attempt 1 of 2');
  await answerCount(ada, '3');
  await expect(result(ada)).toHaveAttribute('data-verdict', 'wrong');
  await expect(result(ada).getByTestId('attempt-notes')).toBeVisible();
  await expect(ada.getByTestId('assignment-question')).toContainText('Attempt 2 of 2');
  await answerCount(ada, '2');
  await expect(result(ada)).toHaveAttribute('data-verdict', 'correct');
  await expect(result(ada).getByTestId('attempt-key')).toContainText('2');
  await ada.getByTestId('next-question').click();
  await answerHighlight(ada, KEY_EDGES);
  await expect(result(ada)).toHaveAttribute('data-verdict', 'correct');
  await ada.getByTestId('next-question').click();
  const first = await finaleKey(ada, assignmentId, classId);
  // A readable answer that drops the last factor of her variant's product: wrong.
  await answerExpression(ada, first.text.slice(0, first.text.lastIndexOf('·')).trim());
  await expect(result(ada)).not.toHaveAttribute('data-verdict', 'correct');
  await expect(ada.getByTestId('assignment-next')).toContainText('a new variant of this question, just for you');
  const second = await finaleKey(ada, assignmentId, classId);
  expect(second.network).not.toEqual(first.network);
  await answerExpression(ada, second.text);
  await expect(result(ada)).toHaveAttribute('data-verdict', 'correct');
  await expect(ada.getByTestId('mark-points')).toHaveText('4');
  await screenshot(ada, testInfo, 'phone-assignment-ada-finale');

  // ---------- Bob: wrong twice on the warm-up, part of the highlight, the finale right ----------
  const bobPhone = await browser.newContext({ ...devices['Pixel 7'], viewport: { width: 390, height: 844 } });
  const bob = await bobPhone.newPage();
  await bob.goto(link);
  await bob.getByLabel('Nickname').fill('Bob');
  await bob.getByRole('button', { name: 'Start the assignment' }).click();
  await answerCount(bob, '5');
  await expect(result(bob)).toHaveAttribute('data-verdict', 'wrong');
  await answerCount(bob, '4');
  await expect(bob.getByTestId('assignment-question')).toContainText('Done');
  await bob.getByTestId('next-question').click();
  await answerHighlight(bob, KEY_EDGES.slice(1));
  await expect(result(bob)).toHaveAttribute('data-verdict', 'partial');
  await answerHighlight(bob, KEY_EDGES.slice(1));
  await expect(bob.getByTestId('assignment-question')).toContainText('Done');
  await bob.getByTestId('next-question').click();
  // The network drops as he sends the finale: the phone keeps the answer, and a reload sends it once.
  const bobKey = (await finaleKey(bob, assignmentId, classId)).text;
  await bobPhone.setOffline(true);
  await answerExpression(bob, bobKey);
  await expect(bob.getByTestId('answer-note')).toContainText('could not be reached');
  await bobPhone.setOffline(false);
  await bob.reload();
  await expect(result(bob)).toHaveAttribute('data-verdict', 'correct');
  expect((await myWork(bob, assignmentId, classId)).questions[2]?.attemptsUsed).toBe(1);
  await screenshot(bob, testInfo, 'phone-assignment-bob');

  // Ada continues on a new phone with her reclaim code: her answers are there.
  const adaToken = await ada.evaluate((k) => window.localStorage.getItem(k), `gradflow.member.${classId}`);
  const newPhone = await browser.newContext({ ...devices['Pixel 7'], viewport: { width: 390, height: 844 } });
  const ada2 = await newPhone.newPage();
  await ada2.goto(link);
  await ada2.getByLabel('Reclaim code').fill(adaToken ?? '');
  await ada2.getByRole('button', { name: 'Use my code' }).click();
  await expect(ada2.getByTestId('mark-points')).toHaveText('4');

  // ---------- the instructor: progress, analytics, roster, gradebook ----------
  await teacher.goto(`/reports/assignments/${assignmentId}`);
  const progress = teacher.getByTestId('assignment-progress');
  await expect(progress.getByRole('row', { name: /Ada/u })).toContainText('finished');
  await expect(progress.getByRole('row', { name: /Ada/u })).toContainText('4 / 4');
  await expect(progress.getByRole('row', { name: /Bob/u })).toContainText('2.8 / 4');
  await expect(teacher.getByTestId('assignment-counts')).toContainText('2 finished');
  const stats = teacher.getByTestId('assignment-question-stats');
  await expect(stats.nth(0).getByTestId('assignment-mistakes')).toContainText('count/');
  const heat = stats.nth(1).getByTestId('heatmap');
  await expect(heat.locator('[data-edge="n7-E"]')).toHaveAttribute('data-count', '2');
  await expect(heat.locator('[data-edge="n2-n5"]')).toHaveAttribute('data-count', '1');
  await expect(heat.locator('[data-edge="n2-n5"]')).toHaveAttribute('data-key', 'true');
  await screenshot(teacher, testInfo, 'instructor-assignment-progress');

  await teacher.goto(`/reports/classes/${classId}`);
  await teacher.getByLabel('Student id of Ada').fill('S-001');
  await teacher.getByLabel('Name of Ada').fill('Ada Lovelace');
  await teacher.getByLabel('Student id of Bob').fill('S-002');
  await teacher.getByLabel('Email of Bob').fill('bob@uni.example');
  await teacher.getByTestId('roster-save').click();
  await expect(teacher.getByRole('status')).toHaveText('Roster saved.');

  const detail = (await (await request.get(`/api/assignments/${assignmentId}`, { headers: { authorization: `Bearer ${key}` } })).json()) as AssignmentDetailResponse;
  const score = (nickname: string) => detail.progress.find((p) => p.nickname === nickname)?.mark;
  expect(score('Ada')).toMatchObject({ points: 4, maxPoints: 4, percent: 100 });
  expect(score('Bob')).toMatchObject({ points: 2.8, percent: 70 });
  const column = `${detail.assignment.title} (gradflow assignment ${new Date(detail.assignment.closesAt).toISOString().slice(0, 10)})`;

  const [canvasFile] = await Promise.all([teacher.waitForEvent('download'), teacher.getByTestId('export-canvas').click()]);
  expect(canvasFile.suggestedFilename()).toMatch(/-canvas\.csv$/u);
  const canvas = parseCsv(await readFile((await canvasFile.path()) as string, 'utf8'));
  expect(canvas[0]).toEqual(['Student', 'ID', 'SIS User ID', 'SIS Login ID', 'Section', column]);
  expect(canvas[1]).toEqual(['Points Possible', '', '', '', '', String(score('Ada')?.maxPoints)]);
  expect(canvas.slice(2)).toEqual([
    ['Ada Lovelace', '', 'S-001', '', className, String(score('Ada')?.points)],
    ['Bob', '', 'S-002', '', className, String(score('Bob')?.points)],
  ]);

  await teacher.getByLabel('Grades as').selectOption('percent');
  const [moodleFile] = await Promise.all([teacher.waitForEvent('download'), teacher.getByTestId('export-moodle').click()]);
  const moodle = parseCsv(await readFile((await moodleFile.path()) as string, 'utf8'));
  expect(moodle).toEqual([
    ['First name', 'Last name', 'ID number', 'Email address', column],
    ['Ada', 'Lovelace', 'S-001', '', String(score('Ada')?.percent)],
    ['Bob', '', 'S-002', 'bob@uni.example', String(score('Bob')?.percent)],
  ]);

  // The class leaderboard counts the assignment only when asked to.
  const board = await teacher.context().newPage();
  await board.goto(`/classes/${classId}`);
  await expect(board.getByText('No games in this class yet.')).toBeVisible();
  await board.getByTestId('include-assignments').check();
  await expect(board.getByTestId('class-leaderboard')).toContainText('Ada');
  await expect(board.getByTestId('class-leaderboard').getByRole('listitem').first()).toContainText('4,000');

  await Promise.all([laptop.close(), adaPhone.close(), bobPhone.close(), newPhone.close()]);
});

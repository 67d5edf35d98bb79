/**
 * A whole game in real Chromium: a host on a projector-sized screen and three
 * students on phones play one question of every type (uploaded through the
 * console) plus a built-in Week 09 question, some right, some wrong. Awards
 * are checked against the scoring rule's bounds, and every rank on every
 * screen against the scores shown.
 */
import { expect, test } from '@playwright/test';
import { HostActor, StudentActor, expectNoHorizontalScroll, snap } from './fixtures/actors';
import { allTypesPack, week09Question } from './fixtures/packs';
import { instructorKey } from './fixtures/reports';
import { aheadScore, expectAward, expectedRank, type Expected } from './fixtures/scoring';

test.setTimeout(240_000);

test('a host and three students play every question type to the podium', async ({
  browser,
  baseURL,
  request,
}, testInfo) => {
  if (!baseURL) throw new Error('baseURL is not configured');
  const packId = `e2e-all-${Date.now().toString(36)}`;
  const pack = allTypesPack(packId);
  const key = await instructorKey();
  const builtin = await week09Question(request, 'expr-net2-w24', key);
  pack.networks = { ...pack.networks, ...builtin.networks };
  pack.questions.push(builtin.question);

  // ---------- host: packs, upload (with field-path errors), options, room ----------
  const host = await HostActor.open(browser, baseURL);
  await host.expectScreen('setup');
  await expect(host.page.getByTestId('pack-week09')).toHaveAttribute('aria-pressed', 'true');
  await expect(host.page.getByTestId('preview-question').first()).toBeVisible();
  await expect(host.page.getByTestId('pack-download')).toBeVisible();
  // Built-in packs cannot be deleted.
  await expect(host.page.getByTestId('pack-delete')).toHaveCount(0);
  await expect(host.page.getByTestId('pack-preview').getByTestId('network-graph').first()).toBeVisible();
  await snap(host.page, testInfo, 'host-01-setup');

  await host.uploadPack({
    id: 'broken',
    title: 'Broken',
    questions: [{ id: 'q1', type: 'choice', prompt: 'One option?', choices: ['only'], answer: 0 }],
  });
  // Uploading needs the instructor key: the console asks for it once, then keeps it.
  await host.enterInstructorKey(key);
  await expect(host.page.getByTestId('upload-errors')).toContainText('questions.0.choices');
  await snap(host.page, testInfo, 'host-02-upload-errors');

  await host.uploadPack(pack, `${packId}.json`);
  await expect(host.page.getByTestId('upload-ok')).toBeVisible();
  await expect(host.page.getByTestId(`pack-${packId}`)).toHaveAttribute('aria-pressed', 'true');
  await expect(host.page.getByTestId('preview-question')).toHaveCount(6);
  // The download (answers included) goes out with the kept key.
  const downloaded = host.page.waitForEvent('download');
  await host.page.getByTestId('pack-download').click();
  expect((await downloaded).suggestedFilename()).toBe(`${packId}.json`);
  await expect(host.page.getByTestId('pack-delete')).toBeVisible();
  await host.setOption('scoring', true);
  await host.setOption('leaderboard', true);
  const code = await host.createRoom();

  // ---------- students join (one through the QR link), errors on the way ----------
  const ada = await StudentActor.open(browser, baseURL, 'Ada');
  const ben = await StudentActor.open(browser, baseURL, 'Ben');
  const cy = await StudentActor.open(browser, baseURL, 'Cy', `/join/${code}`);
  const dee = await StudentActor.open(browser, baseURL, 'Dee');
  const students = [ada, ben, cy];
  await snap(ada.page, testInfo, 'student-01-join');

  await ada.submitJoin(code === '000000' ? '000001' : '000000');
  await ada.expectJoinError('No game with that code.');
  await ada.join(code);
  await Promise.all([
    ben.join(code),
    (async () => {
      await expect(cy.page.getByTestId('join-code')).toHaveValue(code);
      await cy.join(null);
    })(),
  ]);
  await dee.join(code);
  await snap(ada.page, testInfo, 'student-02-lobby');
  await host.expectPlayers(4);
  await expect(host.page.getByTestId('join-qr')).toBeVisible();
  await expect(host.page.getByTestId('join-url')).toBeVisible();
  await snap(host.page, testInfo, 'host-03-lobby');

  await host.kick('Dee');
  await expect(dee.page.getByTestId('join-notice')).toHaveText('The host removed you from this game.');
  await host.expectPlayers(3);
  await dee.submitJoin(code, 'Ada');
  await dee.expectJoinError('Someone in this game already has that name. Pick another one.');
  await host.page.getByTestId('lock').check();
  await expect(host.page.getByTestId('lock')).toBeChecked();
  await dee.submitJoin(code, 'Dee');
  await dee.expectJoinError('The host has locked this game: no new players can join.');
  await dee.close();

  const scores = new Map(students.map((s) => [s.nickname, 0]));
  /** Runs one check per student at the same time (each phone is its own browser context). */
  const each = (fn: (s: StudentActor) => Promise<unknown>) => Promise.all(students.map(fn));

  /** Waits for the reveal, checks each award against the rule, and adds it to the running scores. */
  const reveal = async (step: string, expected: Record<string, Expected>, multiplier: number) => {
    await host.expectScreen('reveal');
    await each(async (s) => {
      await s.expectScreen('reveal');
      const result = await s.result();
      expectAward(s.nickname, result, expected[s.nickname] ?? 'none', multiplier);
      scores.set(s.nickname, (scores.get(s.nickname) ?? 0) + result.points);
      await expect
        .poll(() => s.topbarScore(), { message: `${s.nickname}'s score in the top bar` })
        .toBe(scores.get(s.nickname));
    });
    await expect(host.page.getByTestId('dist-correct')).toHaveAttribute(
      'data-count',
      String(Object.values(expected).filter((e) => e === 'correct').length),
    );
    await expect(host.page.getByTestId('dist-partial')).toHaveAttribute(
      'data-count',
      String(Object.values(expected).filter((e) => e === 'partial').length),
    );
    await snap(host.page, testInfo, `host-${step}-reveal`);
  };

  /** Checks every student's rank, score and "just ahead" against the scores, and the projector's leaderboard too. */
  const standings = async (step: string) => {
    await each(async (s) => {
      const standing = await s.standing();
      expect(standing.score, `${s.nickname}'s score`).toBe(scores.get(s.nickname));
      expect(standing.rank, `${s.nickname}'s rank`).toBe(expectedRank(scores, s.nickname));
      expect(standing.ahead, `who is just ahead of ${s.nickname}`).toBe(aheadScore(scores, s.nickname));
    });
    if (step === 'final') return;
    const leaders = await host.leaders();
    expect(leaders.length, 'rows on the projector leaderboard').toBe(Math.min(students.length, 5));
    for (const row of leaders) {
      expect(row.score, `projector score of ${row.nickname}`).toBe(scores.get(row.nickname));
      expect(row.rank, `projector rank of ${row.nickname}`).toBe(expectedRank(scores, row.nickname));
    }
  };

  const toLeaderboard = async (step: string) => {
    await host.next();
    await host.expectScreen('leaderboard');
    await each((s) => s.expectScreen('leaderboard'));
    await standings(step);
    await snap(host.page, testInfo, `host-${step}-leaderboard`);
  };

  // ---------- Q1 choice ----------
  await host.start();
  await each((s) => s.expectQuestion(0, 'choice'));
  await host.expectAnswered(0, 3);
  await snap(host.page, testInfo, 'host-q1-choice');
  await snap(ada.page, testInfo, 'student-q1-choice');
  await expectNoHorizontalScroll(ada.page);
  await ada.answerChoice(1);
  await ada.expectAnswerReceived();
  await snap(ada.page, testInfo, 'student-q1-waiting');
  await host.expectAnswered(1, 3);
  await Promise.all([ben.answerChoice(0), cy.answerChoice(1)]);
  await reveal('q1', { Ada: 'correct', Ben: 'wrong', Cy: 'correct' }, 1);
  await expect(host.page.getByTestId('choice-counts').locator('li').nth(1)).toHaveAttribute(
    'data-count',
    '2',
  );
  await snap(ben.page, testInfo, 'student-q1-reveal-wrong');
  await toLeaderboard('q1');
  await snap(ben.page, testInfo, 'student-q1-leaderboard');

  // ---------- Q2 highlight ----------
  await host.next();
  await each((s) => s.expectQuestion(1, 'highlight'));
  await host.expectQuestion(1);
  await snap(host.page, testInfo, 'host-q2-highlight');
  await expectNoHorizontalScroll(ada.page);
  // Keyboard only: Tab to an edge, Space toggles it, Space again clears it.
  const edge = ada.page.getByTestId('edge-n7-E');
  await edge.focus();
  await ada.page.keyboard.press('Space');
  await expect(edge).toHaveAttribute('aria-pressed', 'true');
  await expect(edge).toHaveAttribute('aria-label', 'edge from n7 to E');
  await ada.page.keyboard.press('Enter');
  await expect(edge).toHaveAttribute('aria-pressed', 'false');
  await ada.page.getByTestId('edge-n2-n5').tap();
  await ada.page.getByTestId('edge-n5-n7').tap();
  await snap(ada.page, testInfo, 'student-q2-highlight-selected');
  await ada.page.getByTestId('edge-n2-n5').tap();
  await ada.page.getByTestId('edge-n5-n7').tap();
  await ada.answerHighlight(['n2-n5', 'n5-n7', 'n7-E']);
  await Promise.all([ben.answerHighlight(['n2-n5', 'n5-n7']), cy.answerHighlight(['n1-n3', 'n3-n6'])]);
  await reveal('q2', { Ada: 'correct', Ben: 'partial', Cy: 'wrong' }, 1);
  const heat = host.page.getByTestId('host-reveal').getByTestId('network-graph');
  await expect(heat.getByTestId('edge-n2-n5')).toHaveAttribute('data-count', '2');
  await expect(heat.getByTestId('edge-n7-E')).toHaveAttribute('data-count', '1');
  await expect(heat.getByTestId('edge-n7-E')).toHaveAttribute('data-key', 'true');
  await expect(heat.getByTestId('edge-n1-n3')).toHaveAttribute('data-key', 'false');
  await expect(host.page.getByTestId('mistakes')).toContainText('student');
  await snap(ben.page, testInfo, 'student-q2-reveal-partial');
  await snap(cy.page, testInfo, 'student-q2-reveal-wrong');
  await toLeaderboard('q2');

  // ---------- Q3 count, at ×2 ----------
  await host.next();
  await each((s) => s.expectQuestion(2, 'count'));
  await host.page.getByTestId('multiplier-2').click();
  await expect(host.page.getByTestId('multiplier-2')).toHaveAttribute('aria-pressed', 'true');
  await each((s) => expect(s.page.getByTestId('multiplier')).toHaveText('×2 points'));
  await snap(ada.page, testInfo, 'student-q3-count');
  await Promise.all([ada.answerCount('2'), ben.answerCount('2'), cy.answerCount('3')]);
  await reveal('q3', { Ada: 'correct', Ben: 'correct', Cy: 'wrong' }, 2);
  await snap(ada.page, testInfo, 'student-q3-reveal-correct');
  await toLeaderboard('q3');
  await snap(cy.page, testInfo, 'student-q3-leaderboard');

  // ---------- Q4 formula ----------
  await host.next();
  await each((s) => s.expectQuestion(3, 'formula'));
  await snap(host.page, testInfo, 'host-q4-formula');
  await ben.page.getByRole('group', { name: 'Formula keypad' }).locator('[data-key="+"]').tap();
  await expect(ben.page.getByTestId('preview-problem')).toBeVisible();
  await expect(ben.page.getByTestId('submit-answer')).toBeDisabled();
  await snap(ben.page, testInfo, 'student-q4-formula-parse-error');
  await ben.page.getByRole('group', { name: 'Formula keypad' }).locator('[data-key="clear"]').tap();
  await Promise.all([ada.answerFormula(['k']), ben.answerFormula(['k', '+', '1'])]);
  await snap(cy.page, testInfo, 'student-q4-formula');
  await cy.answerFormula(['k']);
  await reveal('q4', { Ada: 'correct', Ben: 'wrong', Cy: 'correct' }, 1);
  await toLeaderboard('q4');

  // ---------- Q5 expression (chips, typing, a parse error fixed before sending) ----------
  await host.next();
  await each((s) => s.expectQuestion(4, 'expression'));
  await snap(host.page, testInfo, 'host-q5-expression');
  await Promise.all([
    (async () => {
      await ada.buildExpression(['E/n6', '·', 'n6/n4']);
      await ada.expectPreviewRead();
      await snap(ada.page, testInfo, 'student-q5-expression-chips');
      await expectNoHorizontalScroll(ada.page);
      await ada.submit();
    })(),
    (async () => {
      await ben.typeExpression('dE/dn6 *');
      await expect(ben.page.getByTestId('preview-problem')).toBeVisible();
      await expect(ben.page.getByTestId('submit-answer')).toBeDisabled();
      await snap(ben.page, testInfo, 'student-q5-expression-parse-error');
      await ben.typeExpression('dE/dn6 * dn6/dn4');
      await ben.expectPreviewRead();
      await ben.submit();
    })(),
  ]);
  await cy.typeExpression('dE/dn7 * dn7/dn4');
  await cy.submit();
  await reveal('q5', { Ada: 'correct', Ben: 'correct', Cy: 'wrong' }, 1);
  await snap(cy.page, testInfo, 'student-q5-reveal-wrong');
  // Hide the leaderboard: the next step goes straight to the next question.
  await host.page.getByTestId('toggle-leaderboard').uncheck();
  await expect(host.page.getByTestId('next')).toHaveText('Next question →');

  // ---------- Q6 the built-in Week 09 question; one student does not answer ----------
  await host.next();
  await each((s) => s.expectQuestion(5, 'expression'));
  await Promise.all([
    (async () => {
      await ada.buildExpression(['(', 'E/n6', '·', 'n6/n4', '+', 'E/n8', '·', 'n8/n4', ')', '·', 'n4/w2,4']);
      await ada.expectPreviewRead();
      await ada.submit();
    })(),
    (async () => {
      await ben.typeExpression('(dE/dn6 dn6/dn4 + dE/dn8 dn8/dn4) dn4/dw_{2,4}');
      await ben.submit();
    })(),
  ]);
  await host.expectAnswered(2, 3);
  const before = await host.remainingMs();
  await host.page.getByTestId('extend').click();
  await expect
    .poll(() => host.remainingMs(), { message: 'the countdown after +15 s' })
    .toBeGreaterThan(before + 5_000);
  await snap(host.page, testInfo, 'host-q6-question-answered');
  await snap(cy.page, testInfo, 'student-q6-expression');
  await host.closeNow();
  await reveal('q6', { Ada: 'correct', Ben: 'correct', Cy: 'none' }, 1);
  await expect(host.page.getByTestId('dist-none')).toHaveAttribute('data-count', '1');
  await snap(ada.page, testInfo, 'student-q6-reveal-correct');
  await snap(cy.page, testInfo, 'student-q6-reveal-none');

  // ---------- final ----------
  await expect(host.page.getByTestId('next')).toHaveText('Final results →');
  await host.next();
  await host.expectScreen('final');
  await each((s) => s.expectScreen('final'));
  await standings('final');
  const podium = host.page.getByTestId('podium').locator('li');
  await expect(podium).toHaveCount(3);
  for (const row of await podium.evaluateAll((els) =>
    els.map((el) => ({
      rank: Number((el as HTMLElement).dataset.rank),
      score: Number((el as HTMLElement).dataset.score),
    })),
  )) {
    const holder = [...scores.entries()].find(([, sc]) => sc === row.score);
    expect(holder, `a student with the podium score ${row.score}`).toBeTruthy();
    expect(row.rank).toBe(expectedRank(scores, holder?.[0] ?? ''));
  }
  await snap(host.page, testInfo, 'host-final');
  await snap(ada.page, testInfo, 'student-final');
  await expectNoHorizontalScroll(ada.page);

  await each((s) => s.close());
  await host.close();
});

/**
 * Local derivatives one level down: a `local` question on Network I. One
 * phone builds ∂n_5/∂w_{2,5} = g'(z_5) · n_2 from chips generated from the
 * graph, the other types an answer with the weight in place of the input and
 * is told so; the projector's reveal shows the key in LaTeX.
 */
import { expect, test } from '@playwright/test';
import { HostActor, StudentActor, expectNoHorizontalScroll, snap } from './fixtures/actors';
import { uploadPack } from './fixtures/reports';
import { compilePackOrThrow } from '@/engine/quiz/pack';

test('a local question: chips from the graph, typing, a swapped factor named, the key at the reveal', async ({ browser, baseURL, request }, testInfo) => {
  if (!baseURL) throw new Error('baseURL is not configured');
  const pack = {
    id: `e2e-local-${Date.now().toString(36)}`,
    title: 'E2E — local derivatives',
    networks: { net1: 'week09-net1' },
    questions: [{ id: 'w25', type: 'local', network: 'net1', derivative: 'n_5/w_{2,5}', prompt: 'One level down.', timeLimitSec: 60 }],
  };
  const key = compilePackOrThrow(pack).pack.questions[0]?.key(0);
  if (!key?.latex) throw new Error('no key');
  expect(await (await uploadPack(request, pack)).json()).toMatchObject({ ok: true, id: pack.id });

  const host = await HostActor.open(browser, baseURL);
  await host.selectPack(pack.id);
  const code = await host.createRoom();
  const ada = await StudentActor.open(browser, baseURL, 'Ada');
  const bob = await StudentActor.open(browser, baseURL, 'Bob');
  await ada.join(code);
  await bob.join(code);
  await host.start();

  for (const s of [ada, bob]) await s.expectQuestion(0, 'local');
  await expect(ada.screen('question')).toContainText('in terms of');
  // The chips: g' at n_5 and at n_2, the weight into n_5 and the neuron feeding it.
  const chips = ada.page.locator('[data-symbol]');
  await expect(chips).toHaveCount(4);
  await expect(ada.page.locator('[data-symbol="g\'(z_{2})"]')).toBeVisible();
  await expect(ada.page.locator('[data-symbol="g\'(z_{5})"]')).toBeVisible();
  await expect(ada.page.locator('[data-symbol="w_{2,5}"]')).toBeVisible();
  await expect(ada.page.locator('[data-symbol="n_{2}"]')).toBeVisible();
  await ada.page.locator('[data-symbol="g\'(z_{5})"]').tap();
  await ada.page.locator('[data-op="·"]').tap();
  await ada.page.locator('[data-symbol="n_{2}"]').tap();
  await ada.expectPreviewRead();
  await expect(ada.page.getByTestId('answer-preview').locator('[data-latex]')).toHaveAttribute('data-latex', key.latex);
  await expectNoHorizontalScroll(ada.page);
  await snap(ada.page, testInfo, 'local-01-question-chips');
  await ada.submit();
  await ada.expectAnswerReceived();

  // Bob types; an unreadable answer cannot be sent, then he writes the weight in place of n_2.
  await bob.page.getByTestId('mode-type').tap();
  await bob.page.getByTestId('expression-text').fill("g'(n_5)");
  await expect(bob.page.getByTestId('preview-problem')).toContainText('pre-activation');
  await expect(bob.page.getByTestId('submit-answer')).toBeDisabled();
  await bob.page.getByTestId('expression-text').fill("dn5/dw25 = g'(z5) * w_{2,5}");
  await bob.expectPreviewRead();
  await bob.submit();

  await ada.expectScreen('reveal');
  await bob.expectScreen('reveal');
  expect((await ada.result()).verdict).toBe('correct');
  expect((await bob.result()).verdict).toBe('partial');
  await expect(bob.page.getByTestId('result-notes')).toContainText('is what ∂n5/∂n2 has');

  await host.expectScreen('reveal');
  await expect(host.page.getByTestId('host-key').locator('[data-latex]').first()).toHaveAttribute('data-latex', key.latex);
  await snap(host.page, testInfo, 'local-02-host-reveal');
  await expect(host.page.getByTestId('mistakes').locator('li[data-code="local/weight-input-swapped"]')).toContainText('1 student');

  await ada.close();
  await bob.close();
  await host.close();
});

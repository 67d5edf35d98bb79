/**
 * The content security policy holds on every page in real Chromium: no
 * violation is reported while a host opens a game, a student joins and sees
 * a question (KaTeX, the network graph), and the other pages load. Pages
 * carry a per-request script nonce; the socket connects under
 * `connect-src 'self'`.
 */
import { expect, test, type Page } from '@playwright/test';
import { HostActor, StudentActor } from './fixtures/actors';

/** Every violation a page reports, kept on the window by an init script. */
const RECORD_VIOLATIONS = `
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__cspViolations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + (e.sourceFile || '') + ':' + e.lineNumber);
  });
`;

/** CSP messages on a page's console. */
function watchConsole(page: Page, sink: string[]): void {
  page.on('console', (msg) => {
    if (/content security policy/iu.test(msg.text())) sink.push(msg.text());
  });
}

/** Records violations from the next load on, reloads, and waits for the socket to connect under the policy. */
async function instrument(page: Page, sink: string[]): Promise<void> {
  watchConsole(page, sink);
  await page.addInitScript({ content: RECORD_VIOLATIONS });
  await page.reload();
  await expect(page.getByTestId('socket-status')).toHaveText('Connected');
}

async function violations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? ['recorder missing']);
}

test('no page reports a content security policy violation', async ({ browser, baseURL, request }) => {
  if (!baseURL) throw new Error('baseURL is not configured');

  // The policy itself: a nonce per page, no inline or eval scripts, connections to the own origin only.
  const first = (await request.get('/')).headers()['content-security-policy'] ?? '';
  const second = (await request.get('/')).headers()['content-security-policy'] ?? '';
  expect(first).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic';/);
  expect(first).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
  expect(first).toContain("connect-src 'self';");
  expect(second).not.toBe(first);

  const consoleCsp: string[] = [];
  const probe = await browser.newContext({ baseURL });
  await probe.addInitScript({ content: RECORD_VIOLATIONS });
  const probePage = await probe.newPage();
  watchConsole(probePage, consoleCsp);
  const html = await (await probePage.goto('/'))?.text();
  // Next.js put the nonce on its inline scripts.
  expect(html).toMatch(/<script[^>]* nonce="[A-Za-z0-9+/=]+"/);

  const host = await HostActor.open(browser, baseURL);
  await instrument(host.page, consoleCsp);
  await expect(host.page.getByTestId('preview-question').first()).toBeVisible();
  const code = await host.createRoom();

  const ann = await StudentActor.open(browser, baseURL, 'Ann');
  await instrument(ann.page, consoleCsp);
  await ann.join(code);
  await host.expectPlayers(1);
  await host.start();
  await ann.expectQuestion(0);
  await host.expectQuestion(0);

  const seen: Record<string, string[]> = {
    host: await violations(host.page),
    student: await violations(ann.page),
  };
  for (const path of ['/', `/join/${code}`, '/me', '/reports', '/reports/no-such-game', '/classes/no-such-class', '/no-such-page']) {
    await probePage.goto(path);
    await probePage.waitForLoadState('networkidle');
    seen[path] = await violations(probePage);
  }
  expect(seen).toEqual(Object.fromEntries(Object.keys(seen).map((k) => [k, []])));
  expect(consoleCsp).toEqual([]);

  await ann.close();
  await host.close();
  await probe.close();
});

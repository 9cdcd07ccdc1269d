// SPDX-License-Identifier: Apache-2.0
// End-to-end test of the analyst console in Debian's headless chromium,
// driven by playwright-core (which never downloads a browser):
//   an analyst logs in, works an alert to a decision with the keyboard,
//   a supervisor signs it off, the next screening run shows the alert
//   suppressed by that decision (and the analyst reopens it), an auditor
//   verifies the chain; role and CSRF refusals, lockout, CSP.
// Usage: node console.e2e.mjs VIGIL_BINARY REPO_ROOT ARTIFACT_DIR
// Screenshots go to ARTIFACT_DIR. Missing chromium or node_modules FAIL.
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [vigil, root, artifacts] = process.argv.slice(2);
const here = dirname(fileURLToPath(import.meta.url));
const CHROMIUM = process.env.VIGIL_CHROMIUM || '/usr/bin/chromium';

function die(msg) {
  console.error(`FAIL: ${msg}`);
  process.exit(1);
}
if (!vigil || !root || !artifacts) die('usage: console.e2e.mjs VIGIL ROOT ARTIFACT_DIR');
if (!existsSync(CHROMIUM))
  die(`${CHROMIUM} not found: install Debian's chromium (scripts/install-deps.sh does)`);
if (!existsSync(join(here, 'node_modules', 'playwright-core')))
  die(`${here}/node_modules/playwright-core missing: run npm ci in tests/web (scripts/install-deps.sh does)`);
const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

rmSync(artifacts, { recursive: true, force: true }); // this run's screenshots only
mkdirSync(artifacts, { recursive: true });
const T = mkdtempSync(join(tmpdir(), 'vigil-web-'));
const S = join(T, 's.db');
const K = join(T, 'k');
const IN = join(root, 'examples', 'travellers.jsonl');
const PW = { root: 'root-password-1', ann: 'ann-password-1', sam: 'sam-password-1', aud: 'aud-password-1' };

function run(args, input) {
  return execFileSync(vigil, args, { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
}

// ---- a store with four users and one screening run --------------------------
run(['audit', 'keygen', '--key', K]);
run(['store', 'init', '--store', S, '--key', K, '--admin', 'root']);
for (const [u, r] of [['ann', 'analyst'], ['sam', 'supervisor'], ['aud', 'auditor']])
  run(['store', 'user-add', '--store', S, '--key', K, '--as', 'root', '--name', u, '--role', r]);
for (const u of Object.keys(PW))
  run(['users', 'passwd', '--store', S, '--key', K, '--as', 'root', '--name', u], `${PW[u]}\n`);
run(['store', 'screen', '--store', S, '--key', K, '--user', 'ann', IN]);

// ---- the server -------------------------------------------------------------
const srv = spawn(vigil, ['serve', '--open', '--listen', '127.0.0.1:0', '--threads', '2',
  '--store', S, '--audit-key', K], { stdio: ['ignore', 'ignore', 'pipe'] });
let log = '';
const base = await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error(`server did not start:\n${log}`)), 60000);
  srv.stderr.on('data', (d) => {
    log += d;
    const m = log.match(/"url":"(http:[^"]+)"/);
    if (m) { clearTimeout(timer); resolve(m[1]); }
  });
  srv.on('exit', (code) => reject(new Error(`server exited ${code}:\n${log}`)));
});

let browser;
let step = 0;
let failed = false;
async function shot(page, name) {
  step++;
  await page.screenshot({ path: join(artifacts, `${String(step).padStart(2, '0')}-${name}.png`), fullPage: true });
}
function ok(msg) { console.log(`ok: ${msg}`); }

async function login(page, user, password) {
  await page.goto(`${base}/console/`);
  await page.locator('#user').fill(user);
  await page.locator('#password').fill(password);
  await page.locator('#password').press('Enter');
}

async function logout(page) {
  await page.locator('#logout').click();
  await page.locator('#user').waitFor();
}

try {
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--no-first-run', '--disable-component-update', '--disable-sync', '--disable-quic'],
  });
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  const external = [];
  page.on('request', (r) => { if (!r.url().startsWith(base)) external.push(r.url()); });
  const cspErrors = [];
  page.on('console', (m) => { if (m.type() === 'error') cspErrors.push(m.text()); });

  // ---- headers: CSP, cookie flags ------------------------------------------
  const resp = await page.goto(`${base}/console/`);
  const csp = resp.headers()['content-security-policy'] || '';
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'self'/);
  ok('the console is served with a strict Content-Security-Policy');
  await page.locator('#user').waitFor();
  await shot(page, 'login');

  // ---- a wrong password is refused ----------------------------------------
  await login(page, 'ann', 'wrong-password');
  await page.locator('#status.error').waitFor();
  assert.match(await page.locator('#status').textContent(), /invalid user name or password/);
  ok('a wrong password is refused');

  // ---- the analyst works an alert with the keyboard -------------------------
  await login(page, 'ann', PW.ann);
  await page.locator('#queue').waitFor();
  const cookies = await ctx.cookies();
  const sc = cookies.find((c) => c.name === 'vigil_session');
  assert.ok(sc && sc.httpOnly && sc.sameSite === 'Strict', 'session cookie HttpOnly, SameSite=Strict');
  ok('login sets an HttpOnly SameSite=Strict session cookie');
  assert.equal(await page.locator('#nav a[href="#/signoff"]').isHidden(), true);
  const counts = await page.locator('.counts button[data-status="open"]').textContent();
  assert.match(counts, /open: 7/);
  ok('queue with counts (7 open)');
  await shot(page, 'queue');

  // the highest-scoring alert of un:QDi.299 (traveller t1, score 0.97 >= 0.90:
  // clearing it needs a supervisor's sign-off)
  const ids = await page.locator('#queue tbody tr').evaluateAll((trs) =>
    trs.map((tr) => ({ id: tr.dataset.id, text: tr.textContent })));
  const idx = ids.findIndex((r) => r.text.includes('un:QDi.299'));
  assert.ok(idx >= 0, 'un:QDi.299 in the queue');
  const alertId = ids[idx].id;
  await page.locator('#queue tbody tr').first().focus();
  for (let i = 0; i < idx; i++) await page.keyboard.press('j');
  assert.equal(await page.locator('#queue tbody tr.sel').getAttribute('data-id'), alertId);
  await page.keyboard.press('Enter');
  await page.locator('#h-screened').waitFor();
  ok(`j/k and Enter open alert #${alertId}`);
  assert.match(await page.locator('section[aria-labelledby="h-screened"]').textContent(), /IBRAHIM AWAD IBRAHIM AL BADRI/);
  assert.match(await page.locator('section[aria-labelledby="h-entity"]').textContent(), /QDi\.299/);
  assert.ok(await page.locator('section[aria-labelledby="h-screened"] mark').count() > 0, 'matched tokens highlighted');
  assert.ok(await page.locator('#tokens tbody tr').count() > 0, 'token pairs');
  assert.match(await page.locator('#evidence').textContent(), /birth_date/);
  assert.ok(await page.locator('ul.names li').count() > 0, 'other names');
  ok('alert page: record and list entry side by side, tokens highlighted, evidence with effect, other names');
  await shot(page, 'alert');

  // role refusal, from the analyst's own session: the sign-off queue
  const refused = await page.evaluate(async () => (await fetch('/console/api/signoff')).status);
  assert.equal(refused, 403);
  // CSRF refusal: a state change without the token
  const noCsrf = await page.evaluate(async (id) => (await fetch(`/console/api/alerts/${id}/decide`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ verdict: 'false_positive', reason: 'x' }) })).status, alertId);
  assert.equal(noCsrf, 403);
  ok('server refuses the analyst the sign-off queue (403) and a decision without CSRF token (403)');

  // a decision needs a reason
  await page.locator('#verdict').selectOption('false_positive');
  await page.locator('#decide button[type="submit"]').click();
  assert.equal(await page.locator('#decide-reason').evaluate((e) => e.validity.valueMissing), true);
  assert.equal(await page.locator('#decisions').count(), 0);
  const noReason = await page.evaluate(async (id) => {
    const s = await (await fetch('/console/api/session')).json();
    const r = await fetch(`/console/api/alerts/${id}/decide`, { method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf },
      body: JSON.stringify({ verdict: 'false_positive', reason: '' }) });
    return r.status;
  }, alertId);
  assert.equal(noReason, 422);
  ok('a decision without a reason is refused by the form and by the server (422)');
  await page.locator('#decide-reason').fill('Different person: birth year and place do not match the listing');
  await page.locator('#decide button[type="submit"]').click();
  await page.locator('#decisions').waitFor();
  assert.match(await page.locator('main').textContent(), /pending signoff/);
  assert.match(await page.locator('#decisions').textContent(), /waiting for sign-off/);
  ok('decision recorded with its reason, waiting for sign-off');
  await shot(page, 'decided');
  await logout(page);

  // ---- the supervisor signs it off ------------------------------------------
  await login(page, 'sam', PW.sam);
  await page.locator('#queue').waitFor();
  await page.locator('#nav a[href="#/signoff"]').click();
  await page.locator('#pending').waitFor();
  assert.match(await page.locator('#pending').textContent(), new RegExp(`Alert #${alertId}`));
  assert.match(await page.locator('#pending').textContent(), /Different person/);
  await shot(page, 'four-eyes');
  await page.locator(`#signoff-${alertId}`).click();
  await page.locator('text=Nothing waits for sign-off.').waitFor();
  ok('supervisor signed off from the four-eyes queue');
  await page.goto(`${base}/console/#/alert/${alertId}`);
  await page.locator('#decisions').waitFor();
  assert.match(await page.locator('#decisions').textContent(), /signed off by sam/);
  assert.match(await page.locator('main p').first().textContent(), /cleared/);
  await logout(page);

  // ---- the next run: the same alert is suppressed by that decision ----------
  const out = run(['store', 'screen', '--store', S, '--key', K, '--user', 'ann', IN]);
  assert.match(out, /suppressed by decision #\d+/);
  await login(page, 'ann', PW.ann);
  await page.locator('#queue').waitFor();
  await page.locator('.counts button[data-status="suppressed"]').click();
  // the new table comes with the pressed button (the old one is replaced)
  await page.locator('.counts button[data-status="suppressed"][aria-pressed="true"]').waitFor();
  await page.locator('#queue tbody tr').first().waitFor();
  const supRow = page.locator('#queue tbody tr', { hasText: 'un:QDi.299' }).first();
  assert.match(await supRow.textContent(), /suppressed by decision #\d+/);
  ok('next run: the alert shows "suppressed by decision #N" in the queue');
  await shot(page, 'suppressed');
  await supRow.locator('a').click();
  await page.locator('#suppressed').waitFor();
  assert.match(await page.locator('#suppressed').textContent(), /Suppressed by decision #\d+/);
  await page.locator('#reopen-reason').fill('New intelligence: check again');
  await page.locator('#reopen button[type="submit"]').click();
  await page.locator('#decide').waitFor();
  assert.match(await page.locator('main').textContent(), /Reopened by ann/);
  ok('analyst reopened the suppressed alert');
  await shot(page, 'reopened');
  await page.locator('main a[href^="#/case/"]').first().click();
  await page.locator('h1', { hasText: 'Case #' }).waitFor();
  const caseText = await page.locator('main').textContent();
  assert.match(caseText, /IBRAHIM AWAD IBRAHIM AL BADRI/);
  assert.ok((await page.locator('main table tbody tr').count()) >= 2, 'both alerts of the person in the case');
  ok('case view: the person\'s screenings and alerts');
  await shot(page, 'case');
  await logout(page);

  // ---- the auditor verifies the chain ---------------------------------------
  await login(page, 'aud', PW.aud);
  await page.locator('#queue').waitFor();
  await page.locator('#nav a[href="#/audit"]').click();
  await page.locator('#audit').waitFor();
  const actions = await page.locator('#audit').textContent();
  for (const a of ['session.login', 'alert.view', 'case.view', 'alert.decide', 'alert.sign_off', 'alert.suppressed', 'alert.reopen', 'session.login_failed'])
    assert.ok(actions.includes(a), `audit shows ${a}`);
  await page.locator('#verify').click();
  await page.locator('#verify-result .ok').waitFor();
  assert.match(await page.locator('#verify-result').textContent(), /Chain intact: \d+ records verified/);
  ok('auditor sees logins, views, decisions, sign-off, suppression, reopening and verifies the chain');
  await shot(page, 'audit-verified');
  await logout(page);

  // ---- lockout after five failures -------------------------------------------
  for (let i = 0; i < 5; i++) {
    await login(page, 'sam', `wrong-${i}-password`);
    await page.locator('#status.error').waitFor();
  }
  await login(page, 'sam', PW.sam);
  await page.locator('#status.error').waitFor();
  assert.match(await page.locator('#status').textContent(), /locked until/);
  ok('five wrong passwords lock the account, even against the right one');
  await shot(page, 'locked');

  assert.deepEqual(external, [], 'no request left the server');
  assert.deepEqual(cspErrors.filter((e) => /Content Security Policy/.test(e)), [], 'no CSP violations');
  ok('no resource loaded from outside the server, no CSP violation');
} catch (e) {
  failed = true;
  console.error(`FAIL: ${e.stack || e}`);
  console.error(`server log (tail):\n${log.split('\n').slice(-15).join('\n')}`);
} finally {
  if (browser) await browser.close();
  srv.kill('SIGTERM');
  await new Promise((r) => { if (srv.exitCode !== null) r(); else srv.on('exit', r); });
  rmSync(T, { recursive: true, force: true });
}
// a clean stop (and, in the sanitizer build, no leak or error report)
if (srv.exitCode !== 0) {
  failed = true;
  console.error(`FAIL: vigil serve exited ${srv.exitCode} (signal ${srv.signalCode}):\n${log.split('\n').slice(-40).join('\n')}`);
} else {
  ok('vigil serve stopped cleanly (exit 0)');
}
console.log(failed ? 'console e2e: FAILED' : `console e2e: passed (screenshots in ${artifacts})`);
process.exit(failed ? 1 : 0);

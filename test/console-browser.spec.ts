import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import type { BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from './support/browser';
import { ROOT, runCli } from './support/cli';
import { send } from './support/rest-server';
import { listening, startServe, type Served } from './support/serve-process';
import { startTestServer, type TestServer } from './support/test-server';
import { tempDir } from './support/temp-dir';

// What page.evaluate runs in the browser uses the page's globals (this file compiles without the DOM lib).
declare const window: any, document: any, location: any, sessionStorage: any, localStorage: any;
declare function getComputedStyle(element: unknown): any;
type HTMLElement = any;
type HTMLInputElement = any;

/** Screenshots of every page, for review (test/.tmp is not committed). */
const SHOTS = join(ROOT, 'test', '.tmp', 'console');
const SECRET = 'tok-NEVER-COMES-BACK-5f2a9c7e41';
const WORKFLOW = 'console-demo';
const YAML = `name: ${WORKFLOW}
description: pages every host of a critical alert
triggers:
  - type: webhook
steps:
  - name: greet
    type: console
    with:
      message: "alert from {{ event.source }}"
  - name: check
    type: if
    condition: "event.severity: critical"
    steps:
      - name: each-host
        type: foreach
        foreach: "{{ event.hosts }}"
        steps:
          - name: page-host
            type: console
            with:
              message: "paging {{ foreach.item }}"
  - name: notify
    type: http
    with:
      url: "http://127.0.0.1:9/unreachable"
      method: POST
    on-failure:
      retry:
        max-attempts: 2
        delay: 100ms
      fallback:
        - name: log-failure
          type: console
          with:
            message: notify failed
      continue: true
`;

/**
 * The web console in a real browser (Debian's Chromium through playwright-core) against a real
 * `relayflow serve` on 127.0.0.1, as a user would use it: one server and one browser for the
 * whole suite, a new tab (its own sessionStorage) per key.
 */
describe('web console (Chromium against relayflow serve)', function () {
  this.timeout(90_000);
  let dir: string;
  let served: Served;
  let url: string;
  let standIn: TestServer;
  let browser: BrowserContext;
  const keys = { admin: '', reader: '' };
  /** Every response body the browser received, to look for the secret in. */
  const bodies: string[] = [];
  /** What the pages reported as errors (scripts that threw, CSP violations). */
  const pageErrors: string[] = [];

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    dir = tempDir();
    standIn = await startTestServer((_req, res) => { res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'); });
    writeFileSync(join(dir, 'relayflow.yaml'), 'networking: { allowedHosts: ["127.0.0.1"] }\n');
    for (const [name, scopes] of [['admin', 'read,run,admin'], ['reader', 'read']] as const) {
      const made = await runCli(['apikeys', 'create', '--name', name, '--scopes', scopes, '--json', '--data-dir', join(dir, 'data')], { cwd: dir });
      expect(made.code, made.stderr).to.equal(0);
      keys[name] = JSON.parse(made.stdout).key;
    }
    served = startServe(['serve', '--port', '0', '--data-dir', join(dir, 'data')], dir);
    url = await listening(served);
    browser = await launchBrowser();
    browser.on('response', (response) => {
      response.text().then((text) => bodies.push(text), () => undefined);
    });
    browser.on('page', (page) => {
      page.on('pageerror', (err) => pageErrors.push(`${page.url()}: ${err.message}`));
      // The browser logs every 4xx answer ("Failed to load resource"); the tests cause some on purpose.
      page.on('console', (message) => {
        if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) pageErrors.push(`${page.url()}: ${message.text()}`);
      });
    });
  });

  after(async () => {
    await browser?.close();
    if (served && served.child.exitCode === null) served.child.kill('SIGKILL');
    await served?.exited;
    await standIn?.close();
  });

  const api = (method: string, path: string, json?: unknown, key = keys.admin) => send(url, method, path, { key, json });

  async function signIn(key: string): Promise<Page> {
    const page = await browser.newPage();
    await page.goto(`${url}/`);
    await page.fill('input[name=apiKey]', key);
    return page;
  }

  it('serves the console at / and signs in with an API key kept for the tab only', async () => {
    const index = await send(url, 'GET', '/');
    expect(index.status).to.equal(200);
    expect(index.headers['cache-control']).to.equal('no-cache');
    const asset = /src="\.\/(assets\/[^"]+\.js)"/.exec(index.text)?.[1];
    expect(asset, index.text).to.be.a('string');
    expect((await send(url, 'GET', `/${asset}`)).headers['cache-control']).to.equal('public, max-age=31536000, immutable');

    const wrong = await signIn('rfk_not-a-key');
    await wrong.click('button[type=submit]');
    await wrong.waitForSelector('text=UNAUTHORIZED');
    expect(await wrong.locator('text=stopped working').count()).to.equal(0);
    expect(await wrong.evaluate(() => sessionStorage.length)).to.equal(0);
    await wrong.close();

    const page = await signIn(keys.admin);
    await page.screenshot({ path: join(SHOTS, '01-sign-in.png') });
    await page.click('button[type=submit]');
    await page.waitForSelector('nav >> text=Executions');
    expect(await page.evaluate(() => Object.values(sessionStorage))).to.deep.equal([keys.admin]);
    expect(await page.evaluate(() => [document.cookie, Object.keys(localStorage).length])).to.deep.equal(['', 0]);
    await page.reload();
    await page.waitForSelector('.who >> text=admin');
    await page.close();
  });

  it('shows an execution live after a webhook, and its step timeline with nesting, attempts and output', async () => {
    expect((await api('POST', '/api/workflows', { yaml: YAML })).status).to.equal(201);
    const page = await signIn(keys.admin);
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=executions]');
    await page.evaluate(() => { (window as unknown as { stayed: boolean }).stayed = true; });

    const hook = await api('POST', `/api/hooks/${WORKFLOW}`, { source: 'db', severity: 'critical', hosts: ['db-1', 'db-2'] }, keys.admin);
    expect(hook.status).to.equal(202);
    const id: string = hook.body.executionId;
    const row = page.locator(`[data-execution="${id}"]`);
    await row.waitFor({ timeout: 10_000 });
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed), 'the row came without a reload').to.equal(true);
    await row.locator('[data-status=completed]').waitFor({ timeout: 10_000 });
    await page.screenshot({ path: join(SHOTS, '02-executions.png') });

    await row.locator('a').first().click();
    const timeline = page.locator('[data-testid=timeline]');
    await timeline.waitFor();
    const steps = await timeline.locator('li.step').evaluateAll((items) => items.map((li) => ({
      id: li.getAttribute('data-step-id'),
      depth: getComputedStyle(li).getPropertyValue('--depth').trim(),
      text: (li.querySelector('.step-name') as HTMLElement).innerText,
      attempts: (li.querySelector('.step-attempts') as HTMLElement).innerText,
    })));
    expect(steps.map((s) => [s.id, s.depth])).to.deep.equal([
      ['steps[0]', '0'], ['steps[1]', '0'], ['steps[1].steps[0]', '1'], ['steps[1].steps[0]#0.steps[0]', '2'],
      ['steps[1].steps[0]#1.steps[0]', '2'], ['steps[2]', '0'], ['steps[2].on-failure.fallback[0]', '1'],
    ]);
    expect(steps[3].text).to.match(/^item 0\s*page-host/);
    expect(steps[6].text).to.match(/^fallback\s*log-failure/);
    expect(steps[5].attempts).to.equal('2 attempts');
    await page.click('li[data-step-id="steps[1].steps[0]#1.steps[0]"] .step-row');
    await page.waitForSelector('pre[aria-label=output]:has-text("paging db-2")');
    await page.click('li[data-step-id="steps[2]"] .step-row');
    await page.waitForSelector('pre[aria-label=error] >> text=ConnectorError');
    await page.screenshot({ path: join(SHOTS, '03-execution-timeline.png'), fullPage: true });

    // Re-run: the same event again, as a new execution of the stored workflow.
    await page.click('button:has-text("Re-run")');
    await page.waitForFunction((old) => location.hash.startsWith('#/executions/') && !location.hash.endsWith(old), id);
    const rerun = decodeURIComponent((await page.evaluate(() => location.hash)).split('/').pop() as string);
    const input = await api('GET', `/api/executions/${rerun}/input`);
    expect(input.body.event).to.deep.equal({ source: 'db', severity: 'critical', hosts: ['db-1', 'db-2'] });
    await page.close();
  });

  it('marks a validation problem at its line while typing, shows the diff, and deploys a new version', async () => {
    const page = await signIn(keys.admin);
    await page.click('button[type=submit]');
    await page.goto(`${url}/#/workflows/${WORKFLOW}`);
    const editor = page.locator('[data-testid=yaml-editor] .cm-content');
    await editor.waitFor();
    await page.waitForSelector('[data-testid=validation] >> text=valid');
    // Completion from the workflow JSON Schema: the step types, on line 7 ("    type: console").
    await page.locator('[data-testid=yaml-editor] .cm-line').nth(6).click();
    await page.keyboard.press('End');
    await page.keyboard.press('Control+Shift+ArrowLeft');
    await page.keyboard.type('sla');
    await page.waitForSelector('.cm-tooltip-autocomplete >> text=slack_api');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Shift+ArrowLeft');
    await page.keyboard.insertText('console');
    // Then a mistake typed at the end of that line.
    await page.keyboard.type('x');
    const marker = page.locator('.cm-lintRange-error');
    await marker.first().waitFor({ timeout: 10_000 });
    const where = await marker.first().evaluate((el) => {
      const line = el.closest('.cm-line') as HTMLElement;
      return { line: [...(line.parentElement as HTMLElement).children].indexOf(line) + 1, text: el.textContent };
    });
    expect(where).to.deep.equal({ line: 7, text: 'consolex' });
    await page.waitForSelector('[data-testid=problems] >> text=7:11 unknown step type "consolex"');
    await page.waitForSelector('[data-testid=validation] >> text=1 problem');
    expect(await page.locator('button:has-text("Deploy as new version")').isDisabled()).to.equal(true);
    await page.screenshot({ path: join(SHOTS, '04-editor-validation.png') });

    // Fix it and change the greeting instead; the diff shows the change; deploy stores v2.
    await page.keyboard.press('Backspace');
    await page.locator('[data-testid=yaml-editor] .cm-line').nth(8).click();
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.type(' (v2)');
    await page.waitForSelector('[data-testid=validation] >> text=valid · not deployed');
    await page.click('button:has-text("Diff against deployed")');
    await page.waitForSelector('[data-testid=diff] .diff-added >> text=(v2)');
    await page.waitForSelector('[data-testid=diff] .diff-removed');
    await page.screenshot({ path: join(SHOTS, '05-editor-diff.png'), fullPage: true });
    await page.click('button:has-text("Deploy as new version")');
    await page.waitForSelector(`text=Deployed ${WORKFLOW} v2.`);
    const stored = await api('GET', `/api/workflows/${WORKFLOW}`);
    expect(stored.body.version).to.equal(2);
    expect(stored.body.yaml).to.include('alert from {{ event.source }} (v2)');

    // Run with this event: the deployed version, from the JSON event editor.
    await page.locator('[data-testid=event-editor] .cm-content').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText('{"source": "console", "severity": "low"}');
    await page.click('button:has-text("Run deployed version")');
    await page.waitForSelector('[data-testid=timeline] >> text=greet');
    await page.click('li[data-step-id="steps[0]"] .step-row');
    await page.waitForSelector('pre[aria-label=output]:has-text("alert from console (v2)")');

    // The workflows list: triggers, last run, the enabled switch.
    const nightly = 'name: nightly\ntriggers:\n  - { type: scheduled, with: { every: 6h } }\n  - { type: scheduled, with: { rrule: { freq: DAILY, byhour: [9] } } }\nsteps:\n  - { name: a, type: console, with: { message: hi } }\n';
    expect((await api('POST', '/api/workflows', { yaml: nightly })).status).to.equal(201);
    await page.goto(`${url}/#/workflows`);
    await page.waitForSelector('[data-workflow=nightly] >> text=every 6h, rrule DAILY');
    await page.waitForSelector('[data-workflow=nightly] >> text=never');
    const switchBox = page.locator(`input[name="enabled-${WORKFLOW}"]`);
    await switchBox.waitFor();
    await page.waitForSelector(`[data-workflow="${WORKFLOW}"] >> text=webhook`);
    await page.waitForSelector(`[data-workflow="${WORKFLOW}"] [data-status=completed]`);
    await page.screenshot({ path: join(SHOTS, '06-workflows.png') });
    await switchBox.click();
    await page.waitForSelector(`[data-workflow="${WORKFLOW}"] >> text=disabled`);
    expect((await api('GET', `/api/workflows/${WORKFLOW}`)).body.enabled).to.equal(false);
    await switchBox.click();
    await page.waitForSelector(`[data-workflow="${WORKFLOW}"] >> text=enabled`);
    await page.close();
  });

  it('creates a connector from its type\'s schema, and its secret never comes back (DOM or any response)', async () => {
    const page = await signIn(keys.admin);
    await page.click('button[type=submit]');
    await page.goto(`${url}/#/connectors`);
    await page.selectOption('select[name=newType]', 'http');
    await page.click('button:has-text("New connector")');
    await page.fill('input[name=name]', 'stand-in');
    await page.fill('input[name="config.url"]', standIn.url);
    await page.selectOption('select[name="config.hasAuth"]', 'true');
    await page.selectOption('select[name="config.authType"]', 'bearer');
    await page.fill('input[name="secrets.token"]', SECRET);
    await page.fill('input[name="limits.concurrency"]', '2');
    await page.fill('input[name="limits.rate"]', '10/s');
    await page.screenshot({ path: join(SHOTS, '07-connector-new.png'), fullPage: true });
    await page.click('button:has-text("Create connector")');
    await page.waitForSelector('[data-testid=secrets-state] >> text=set');
    await page.waitForSelector('text=Saved stand-in.');

    // The test panel sends a request through the connector: the stand-in gets the secret, the page does not.
    await page.selectOption('select[name=testAction]', 'request');
    await page.fill('textarea[name=testParams]', '{"method": "GET", "path": "/ping"}');
    await page.click('button:has-text("Test")');
    await page.waitForSelector('[data-testid=test-result] >> text=ok');
    expect(standIn.requests.at(-1)?.headers.authorization).to.equal(`Bearer ${SECRET}`);
    await page.screenshot({ path: join(SHOTS, '08-connector.png'), fullPage: true });

    await page.reload();
    await page.waitForSelector('[data-testid=secrets-state] >> text=set');
    // The limits saved come back into the form.
    expect([await page.inputValue('input[name="limits.concurrency"]'), await page.inputValue('input[name="limits.rate"]')]).to.deep.equal(['2', '10/s']);
    expect((await api('GET', '/api/connectors/stand-in')).body.limits).to.deep.equal({ concurrency: 2, rate: '10/s' });
    // Emptied, they are removed.
    await page.fill('input[name="limits.concurrency"]', '');
    await page.fill('input[name="limits.rate"]', '');
    await page.click('button:has-text("Save")');
    await page.waitForSelector('text=Saved stand-in.');
    expect((await api('GET', '/api/connectors/stand-in')).body).to.not.have.property('limits');
    expect(await page.content()).to.not.include(SECRET);
    expect(await page.evaluate(() => [...document.querySelectorAll('input, textarea')].map((e) => (e as HTMLInputElement).value).join('\n'))).to.not.include(SECRET);
    await page.close();
    expect(bodies.length).to.be.greaterThan(20);
    expect(bodies.filter((b) => b.includes(SECRET))).to.deep.equal([]);
    expect((await api('GET', '/api/connectors')).text).to.not.include(SECRET);
  });

  it('signs the tab out when its key is revoked', async () => {
    const made = await runCli(['apikeys', 'create', '--name', 'short-lived', '--scopes', 'read', '--json', '--data-dir', join(dir, 'data')], { cwd: dir });
    const page = await signIn(JSON.parse(made.stdout).key);
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=executions]');
    const revoked = await runCli(['apikeys', 'revoke', 'short-lived', '--data-dir', join(dir, 'data')], { cwd: dir });
    expect(revoked.code, revoked.stderr).to.equal(0);
    await page.waitForSelector('text=The key stopped working', { timeout: 10_000 });
    expect(await page.evaluate(() => sessionStorage.length)).to.equal(0);
    await page.close();
  });

  it('a read-only key sees everything but can change nothing (the UI hides it, the API refuses it)', async () => {
    const page = await signIn(keys.reader);
    await page.click('button[type=submit]');
    await page.waitForSelector('.who >> text=read-only');
    await page.waitForSelector('[data-testid=executions] [data-status=completed]');
    await page.screenshot({ path: join(SHOTS, '09-read-only-executions.png') });

    await page.goto(`${url}/#/workflows`);
    await page.waitForSelector(`[data-workflow="${WORKFLOW}"]`);
    expect(await page.locator(`input[name="enabled-${WORKFLOW}"]`).isDisabled()).to.equal(true);
    expect(await page.locator('text=New workflow').count()).to.equal(0);

    await page.goto(`${url}/#/workflows/${WORKFLOW}`);
    await page.waitForSelector('[data-testid=yaml-editor] .cm-content');
    expect(await page.locator('[data-testid=yaml-editor] .cm-content').getAttribute('contenteditable')).to.equal('false');
    expect(await page.locator('button:text-is("Deploy as new version")').count()).to.equal(0);
    expect(await page.locator('text=Run with this event').count()).to.equal(0);
    await page.screenshot({ path: join(SHOTS, '10-read-only-editor.png') });

    const executions = await api('GET', '/api/executions?limit=1');
    await page.goto(`${url}/#/executions/${executions.body.items[0].id}`);
    await page.waitForSelector('[data-testid=timeline]');
    expect(await page.locator('button:has-text("Re-run"), button:has-text("Cancel")').count()).to.equal(0);
    await page.waitForSelector('button:has-text("Copy as JSON")');

    await page.goto(`${url}/#/connectors`);
    await page.waitForSelector('[data-connector=stand-in]');
    expect(await page.locator('button:has-text("New connector")').count()).to.equal(0);
    await page.click('[data-connector=stand-in] a');
    await page.waitForSelector('[data-testid=secrets-state] >> text=set');
    expect(await page.locator('button:has-text("Save"), button:has-text("Delete"), button:has-text("Replace secrets"), button:has-text("Test")').count()).to.equal(0);
    expect(await page.locator('input[name=name]').isDisabled()).to.equal(true);

    // The API enforces it too, whatever the page sends.
    const refused = await page.evaluate(async ([key, name]) => {
      const put = await fetch(`/api/workflows/${name}/disable`, { method: 'POST', headers: { authorization: `ApiKey ${key}` } });
      const create = await fetch('/api/connectors', { method: 'POST', headers: { authorization: `ApiKey ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ type: 'http', name: 'x', config: { url: 'http://127.0.0.1:9' } }) });
      return [put.status, create.status];
    }, [keys.reader, WORKFLOW]);
    expect(refused).to.deep.equal([403, 403]);
    expect((await api('GET', `/api/workflows/${WORKFLOW}`)).body.enabled).to.equal(true);
    await page.close();
  });

  it('logged no script error and no Content-Security-Policy violation in any page', () => {
    expect(pageErrors).to.deep.equal([]);
  });
});

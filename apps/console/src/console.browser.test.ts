import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConsole, launchChromium, screenshotPath } from './browser-test-support';
import { type ConsoleDemo, startConsoleDemo } from './demo/console-demo';
import { DEPLOY_PROMPT } from './demo/demo-agent';

let demo: ConsoleDemo;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;

beforeAll(async () => {
  const staticDir = await buildConsole();
  demo = await startConsoleDemo({ staticDir, port: 0 });
  browser = await launchChromium();
  page = await browser.context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await demo?.close();
});

const tokensInChart = async () => Number(await page.locator('.usage-chart').getAttribute('data-tokens'));

describe('the console in Chromium, against the real server on PGlite', () => {
  it('takes the key from the URL hash, lists the seeded jobs with their live status', async () => {
    await page.goto(demo.consoleUrl);
    await page.locator('table.jobs tbody tr').nth(2).waitFor();
    expect(page.url()).not.toContain(demo.apiKey);
    expect(await page.evaluate(() => sessionStorage.getItem('agent-runtime.apiKey'))).toBe(demo.apiKey);
    await expect.poll(() => page.locator('.badge.status-succeeded').count()).toBe(2);
    expect(await page.locator('.badge.status-waiting_action').count()).toBe(1);
    await page.screenshot({ path: screenshotPath('1-jobs'), fullPage: true });

    await page.selectOption('select[name=status]', 'waiting_action');
    await expect.poll(() => page.locator('table.jobs tbody tr').count()).toBe(1);
    await page.selectOption('select[name=status]', 'failed');
    await page.locator('.empty', { hasText: 'No failed jobs.' }).waitFor();
    await page.selectOption('select[name=status]', '');
  });

  it('shows the seeded approval in the inbox', async () => {
    await page.click('header a[href="#/approvals"]');
    await page.locator('.inbox li.action').first().waitFor();
    expect(await page.locator('.inbox li.action').count()).toBe(1);
    await expect(page.locator('.inbox li.action').textContent()).resolves.toContain('Deploy to production?');
    await page.screenshot({ path: screenshotPath('2-approvals'), fullPage: true });

    const jobId = await page.locator('.inbox li.action a').textContent();
    await page.click('.inbox li.action button.reject');
    await page.locator('.empty', { hasText: 'Nothing waits for a decision.' }).waitFor();
    const scope = demo.kernel.forScope('demo-tenant');
    await expect
      .poll(async () => (await scope.getJob(jobId ?? '')).status, { timeout: 15_000 })
      .toBe('succeeded');
    await page.goto(`${demo.url}/#/jobs/${jobId}`);
    await page.locator('.timeline li.tone-ok').waitFor();
    const timeline = await page.locator('.timeline').textContent();
    expect(timeline).toContain('Rejected by demo-admin');
    expect(timeline).toContain('"deployed": false');
  });

  it('starts a job that needs approval, streams its events, approves it, sees it succeed and usage grow', async () => {
    await page.click('header a[href="#/usage"]');
    await page.locator('.usage-chart canvas').waitFor();
    const tokensBefore = await tokensInChart();
    expect(tokensBefore).toBeGreaterThan(0); // the seeded jobs used tokens
    await page.screenshot({ path: screenshotPath('3-usage-before'), fullPage: true });

    await page.click('header a[href="#/jobs"]');
    await page.fill('input[name=prompt]', DEPLOY_PROMPT);
    await page.click('button[type=submit]');
    await page.waitForURL(/#\/jobs\/job_/);
    const jobId = decodeURIComponent(page.url().split('#/jobs/')[1] ?? '');

    // the events stream in over SSE: the tool call with its input, then the approval, inline
    const action = page.locator('.timeline li.action-pending');
    await action.waitFor({ timeout: 15_000 });
    await expect(page.locator('.timeline li.tool').textContent()).resolves.toContain(
      '"environment": "production"',
    );
    await expect(page.locator('.job-status').textContent()).resolves.toBe('waiting action');
    await page.screenshot({ path: screenshotPath('4-job-waiting'), fullPage: true });

    await action.locator('button.approve').click();
    await page.locator('.job-status .status-succeeded').waitFor({ timeout: 15_000 });
    await page.locator('.timeline li.tone-ok').waitFor();
    const timeline = await page.locator('.timeline').textContent();
    expect(timeline).toContain('"deployed": true');
    expect(timeline).toContain('Approved by demo-admin');
    expect(timeline).toContain('The deployment request was decided');
    // every event once: one start, one approval, one model text per step
    expect(await page.locator('.timeline li', { hasText: 'Job started' }).count()).toBe(1);
    expect(await page.locator('.timeline li.action').count()).toBe(1);
    expect(await page.locator('.timeline li.text').count()).toBe(1);
    await page.screenshot({ path: screenshotPath('5-job-succeeded'), fullPage: true });

    const job = await demo.kernel.forScope('demo-tenant').getJob(jobId);
    expect(job.status).toBe('succeeded');

    await page.click('header a[href="#/usage"]');
    await page.locator('.usage-chart canvas').waitFor();
    await expect.poll(tokensInChart, { timeout: 10_000 }).toBeGreaterThan(tokensBefore);
    expect(
      Number(((await page.locator('.totals .cost').first().textContent()) ?? '').replace('$', '')),
    ).toBeGreaterThan(0);
    await page.screenshot({ path: screenshotPath('6-usage-after'), fullPage: true });
  });
});

/**
 * Settings → Team alerts and Activity in the built extension, paired with a shared server
 * (`serve --sandbox` on loopback): an admin saves a Slack webhook (a local receiver stands in for Slack)
 * and a mail server, sends a test of each and reads the result in words; the change shows in Activity
 * under their e-mail; a viewer sees both read-only. Also the /pair page an invite link opens.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type AddressInfo, createServer as createTcpServer } from 'node:net';
import { join } from 'node:path';
import type { Page } from 'puppeteer';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inviteLink } from '../../proxy/cli/users';
import type { TeamDirectory } from '../../proxy/store/users';
import {
  type RunningSandbox,
  type SlackReceiver,
  slackReceiver,
  startTeamServer,
  type TeamServer,
} from '../team-server';
import { type ExtensionSession, launchWithExtension } from './fixture';
import { screenshot } from './pages/category-session';
import { retype } from './pages/retype';

/** A port nothing listens on: the mail server "could not be reached". */
async function closedPort(): Promise<number> {
  const probe = createTcpServer();
  await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((done) => probe.close(() => done()));
  return port;
}

async function openSettings(session: ExtensionSession): Promise<Page> {
  const page = await session.open('sidepanel.html');
  await page.waitForSelector('[data-testid=connection][data-state=connected]', { timeout: 15_000 });
  await page.click('[data-testid=tab-settings]');
  await page.waitForSelector('[data-testid=team-alerts]', { timeout: 10_000 });
  await page.waitForSelector('[data-testid=activity]');
  return page;
}

const text = (page: Page, selector: string) => page.$eval(selector, (el) => el.textContent ?? '');

/** Clicks, then waits for the note `id` to change to a result (not the "Sending…" line) and returns it. */
async function noteAfter(page: Page, id: string, click: () => Promise<void>): Promise<string> {
  const before = await text(page, `#${id}`);
  await click();
  await page.waitForFunction(
    (sel, was) => {
      const t = document.querySelector(sel)?.textContent ?? '';
      return t !== '' && t !== was && t !== 'Sending a test…';
    },
    { polling: 100, timeout: 20_000 },
    `#${id}`,
    before,
  );
  return text(page, `#${id}`);
}

/** Screenshots at 400 and 800 px, light and dark: the whole page, or each of `sections` on its own. */
async function shots(page: Page, name: string, sections: string[] = []) {
  const dir = process.env.E2E_SCREENSHOTS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  for (const width of [400, 800]) {
    for (const scheme of ['light', 'dark'] as const) {
      await page.setViewport({ width, height: 900 });
      await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
      if (!sections.length) await screenshot(page, `${name}-${width}-${scheme}`);
      for (const section of sections) {
        // The view as an admin scrolls to it (the panel's sticky header stays on top, as on screen).
        await page.setViewport({ width, height: 1150 });
        await page.$eval(`[data-testid=${section}]`, (el) => {
          el.scrollIntoView({ block: 'start' });
          window.scrollBy(0, -120);
        });
        await page.screenshot({ path: join(dir, `${name}-${section}-${width}-${scheme}.png`) });
      }
    }
  }
}

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's rule ids violated inside the given sections, light and dark, at 400 and 800 px. */
async function sectionViolations(page: Page, sections: string[]): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  const found: string[] = [];
  for (const width of [400, 800])
    for (const scheme of ['light', 'dark'] as const) {
      await page.setViewport({ width, height: 900 });
      await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
      const ids = await page.evaluate(
        async (include: string[]) => {
          const axe = (window as unknown as { axe: typeof import('axe-core') }).axe;
          const r = await axe.run({ include: include.map((s) => [s]) }, { resultTypes: ['violations'] });
          return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
        },
        sections.map((s) => `[data-testid=${s}]`),
      );
      found.push(...ids.map((id) => `${scheme} ${width}px ${id}`));
    }
  return found;
}

describe('team alerts and activity in the side panel', () => {
  let server: TeamServer;
  let team: TeamDirectory;
  let slack: SlackReceiver;
  let running: RunningSandbox;
  let session: ExtensionSession;

  beforeEach(async () => {
    slack = await slackReceiver('e2e-secret');
    server = await startTeamServer({ name: 'e2e-alerts', key: Buffer.alloc(32, 9) });
    ({ team, running } = server);
    session = await launchWithExtension();
  });
  afterEach(async () => {
    await session?.close();
    await server?.close();
    await slack?.close();
  });

  it('an admin saves a Slack webhook and a mail server, tests each, and finds the change in Activity', async () => {
    await session.pair(running.proxy.url, (await team.add('ada@example.com', 'admin')).token);
    const page = await openSettings(session);
    expect(await text(page, '[data-testid=team-slack-state]')).toBe('No webhook saved yet.');

    await page.type('input[name=slackWebhookUrl]', 'https://example.com/hook');
    const refused = await noteAfter(page, 'team-slack-note', () =>
      page.click('[data-testid=team-slack-form] button[type=submit]'),
    );
    expect(refused).toContain('The Slack webhook address must start with https://hooks.slack.com/');

    await retype(page, 'input[name=slackWebhookUrl]', slack.url);
    expect(
      await noteAfter(page, 'team-slack-note', () =>
        page.click('[data-testid=team-slack-form] button[type=submit]'),
      ),
    ).toBe('Saved. Send a test to check it.');
    // Write-only: the address is not shown back, only that one is saved.
    expect(await text(page, '[data-testid=team-slack-state]')).toContain('A webhook on 127.0.0.1:');
    expect(await page.$eval('input[name=slackWebhookUrl]', (el) => (el as HTMLInputElement).value)).toBe('');
    expect(await page.content()).not.toContain('e2e-secret');

    const sent = await noteAfter(page, 'team-slack-note', async () => {
      const [, test] = await page.$$('[data-testid=team-slack-form] .button-row button');
      await test!.click();
    });
    expect(sent).toBe('Test sent. Check that it arrived in the Slack channel.');
    expect(slack.posts.map((p) => p.text).join()).toContain('Test alert');

    const port = await closedPort();
    await page.type('input[name=host]', '127.0.0.1');
    await retype(page, 'input[name=port]', String(port));
    await page.type('input[name=user]', 'alerts');
    await page.type('input[name=password]', 'mail-secret');
    await page.type('input[name=from]', 'sync-health@example.com');
    await page.type('input[name=to]', 'ops@example.com, ada@example.com');
    expect(
      await noteAfter(page, 'team-mail-note', () =>
        page.click('[data-testid=team-mail-form] button[type=submit]'),
      ),
    ).toBe('Saved. Send a test to check it.');
    expect(await page.$eval('input[name=password]', (el) => (el as HTMLInputElement).placeholder)).toBe(
      'saved',
    );
    expect(await text(page, '[data-testid=team-mail-state]')).toBe(
      `Sent through 127.0.0.1:${port} to ops@example.com, ada@example.com.`,
    );
    const failed = await noteAfter(page, 'team-mail-note', async () => {
      const [, test] = await page.$$('[data-testid=team-mail-form] .button-row button');
      await test!.click();
    });
    expect(failed).toContain(
      `The mail server 127.0.0.1:${port} did not take the message: nothing answers on that address and port`,
    );
    expect(await page.$eval('#team-mail-note', (el) => el.getAttribute('role'))).toBe('alert');

    await page.click('[data-testid=activity] .button-row button');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=activity-item]').length >= 4, {
      polling: 100,
      timeout: 10_000,
    });
    const who = await page.$$eval('[data-testid=activity-who]', (els) => els.map((e) => e.textContent));
    expect(new Set(who)).toEqual(new Set(['ada@example.com']));
    const summaries = await page.$$eval('[data-testid=activity-summary]', (els) =>
      els.map((e) => e.textContent ?? ''),
    );
    expect(summaries[0]).toContain('Sent a test team alert: E-mail: The mail server');
    expect(summaries).toContain(
      `Team alerts: set e-mail alerts to ops@example.com, ada@example.com through 127.0.0.1:${port}.`,
    );
    expect(summaries).toContain('Team alerts: set the Slack webhook.');
    expect(summaries.join()).not.toContain('mail-secret');
    expect(await sectionViolations(page, ['team-alerts', 'activity'])).toEqual([]);
    await shots(page, 'team-alerts-admin', ['team-alerts', 'activity']);
  });

  it('a viewer sees the team alert settings and the activity, and cannot change the settings', async () => {
    const admin = (await team.add('ada@example.com', 'admin')).token;
    await fetch(`${running.proxy.url}/api/v1/settings/headroom`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ headroomPercent: 12 }),
    });
    await session.pair(running.proxy.url, (await team.add('vic@example.com', 'viewer')).token);
    const page = await openSettings(session);
    const disabled = await page.$$eval('[data-testid=team-alerts] fieldset', (els) =>
      els.map((e) => (e as HTMLFieldSetElement).disabled),
    );
    expect(disabled).toEqual([true, true]);
    await page.waitForSelector('[data-testid=activity-item]');
    expect(await text(page, '[data-testid=activity-item]')).toContain(
      "ada@example.com: Set the share of the org's daily limit left to other integrations to 12% (was 0%).",
    );
    expect(await sectionViolations(page, ['team-alerts', 'activity'])).toEqual([]);
    await shots(page, 'team-alerts-viewer', ['team-alerts', 'activity']);
  });

  it("a viewer's Settings show the values an admin saved, read-only: notifications, API calls, contact rules, accounts", async () => {
    const admin = (await team.add('ada@example.com', 'admin')).token;
    const put = (path: string, body: unknown) =>
      fetch(`${running.proxy.url}/api/v1${path}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await put('/settings/headroom', { headroomPercent: 12 })).status).toBe(200);
    expect(
      (await put('/settings/notifications', { frequency: 'weekly', usageWarningPercent: 65 })).status,
    ).toBe(200);
    await session.pair(running.proxy.url, (await team.add('vic@example.com', 'viewer')).token);
    const page = await openSettings(session);
    await page.waitForSelector('[data-testid=headroom-form] input[name=headroomPercent]', {
      timeout: 10_000,
    });
    await page.waitForSelector('[data-testid=notification-form] input[name=usageWarningPercent]', {
      timeout: 10_000,
    });
    // The other forms read with the viewer's token too, instead of waiting for a proxy that already answered.
    for (const form of ['salesforce-calls-form', 'contact-rules-form', 'accounts-mode'])
      await page.waitForSelector(`[data-testid=${form}]`, { timeout: 10_000 });
    const shown = await page.evaluate(() => {
      const value = (selector: string) =>
        (document.querySelector(selector) as HTMLInputElement | null)?.value;
      return {
        headroom: value('[data-testid=headroom-form] input[name=headroomPercent]'),
        warning: value('[data-testid=notification-form] input[name=usageWarningPercent]'),
        frequency: value('[data-testid=notification-form] input[name=frequency]:checked'),
        disabled: [
          ...document.querySelectorAll(
            '[data-testid=headroom-form] > fieldset, [data-testid=notification-form] > fieldset',
          ),
        ].map((f) => (f as HTMLFieldSetElement).disabled),
      };
    });
    expect(shown).toEqual({ headroom: '12', warning: '65', frequency: 'weekly', disabled: [true, true] });
    await shots(page, 'viewer-settings-forms', ['headroom-form', 'notification-form']);
  });

  it('the invite link opens a page that shows the token and how to pair, its script allowed by its CSP', async () => {
    const link = inviteLink(running.proxy.url, 'shp_exampleTokenForThePage');
    const page = await session.browser.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    await page.goto(link);
    await page.waitForFunction(
      () => document.querySelector('[data-testid=token]')?.textContent === 'shp_exampleTokenForThePage',
      { polling: 100, timeout: 5_000 },
    );
    expect(await text(page, '[data-testid=invite]')).toBe(link);
    expect(await page.$eval('[data-testid=no-token]', (el) => (el as HTMLElement).offsetParent)).toBeNull();
    expect(violations).toEqual([]);
    await shots(page, 'team-pair-page');
  });
});

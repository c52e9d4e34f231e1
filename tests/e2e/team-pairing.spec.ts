/**
 * Pairing the built extension with a shared server (`serve --sandbox`, on loopback here) by a personal
 * token's invite link, as a person of the team does; a viewer sees why the resync is off.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { teamFile } from '../../proxy/cli/serve';
import { inviteLink } from '../../proxy/cli/users';
import { startSandboxProxy } from '../../proxy/runtime/sandbox-runtime';
import { openTeamDirectory, type TeamDirectory } from '../../proxy/store/users';
import { type ExtensionSession, launchWithExtension } from './fixture';
import { CategoryPage } from './pages/category-page';
import { screenshot } from './pages/category-session';
import { retype } from './pages/retype';

async function pairByInvite(session: ExtensionSession, link: string): Promise<Page> {
  const options = await session.open('options.html');
  await options.waitForSelector('input[name=url]');
  await retype(options, 'input[name=url]', link);
  // Leaving the field reads the link: the address and the token are filled in.
  await options.focus('input[name=token]');
  await options.waitForFunction(
    () => document.querySelector('[data-testid=options-status]')?.textContent?.includes('Invite link read'),
    { polling: 100, timeout: 5_000 },
  );
  await options.click('button[type=submit]');
  await options.waitForFunction(
    () => document.querySelector('[data-testid=options-status]')?.textContent?.trim() === 'Saved.',
    { polling: 100, timeout: 5_000 },
  );
  return options;
}

describe('pairing with a shared server by a personal token', () => {
  let dataDir: string;
  let team: TeamDirectory;
  let running: Awaited<ReturnType<typeof startSandboxProxy>>;
  let session: ExtensionSession;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'sync-health-e2e-team-'));
    team = openTeamDirectory(teamFile(dataDir));
    running = await startSandboxProxy({
      port: 0,
      dataDir,
      autoStart: false,
      shared: { host: '127.0.0.1', publicHosts: [], team },
    });
    await running.sync.engine.runOnce();
    session = await launchWithExtension();
  });
  afterEach(async () => {
    await session?.close();
    await running?.close();
    await team?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('an admin pastes the invite link, and the panel connects as them with the resync on', async () => {
    const { token } = await team.add('ada@example.com', 'admin');
    const options = await pairByInvite(session, inviteLink(running.proxy.url, token));
    expect(await options.$eval('input[name=url]', (el) => (el as HTMLInputElement).value)).toBe(
      running.proxy.url,
    );
    const view = await CategoryPage.open(session, 'picklists');
    const status = await view.page.$eval('[data-testid=connection]', (el) => el.textContent);
    expect(status).toContain('Connected as ada@example.com');
    expect(await view.page.$('[data-testid=viewer-reason]')).toBeNull();
    const [first] = await view.rows();
    await view.select([first!.id]);
    expect((await view.buttonState('resync')).disabled).toBe(false);
  });

  it('a viewer sees the health, with the resync disabled and the reason in words', async () => {
    const { token } = await team.add('vic@example.com', 'viewer');
    await pairByInvite(session, inviteLink(running.proxy.url, token));
    const view = await CategoryPage.open(session, 'picklists');
    const rows = await view.rows();
    expect(rows.length).toBeGreaterThan(0);
    const reason = await view.page.$eval('[data-testid=viewer-reason]', (el) => el.textContent ?? '');
    expect(reason).toContain('As a viewer of this server you see the health');
    const status = await view.page.$eval('[data-testid=connection]', (el) => el.textContent ?? '');
    expect(status).toContain('Connected as vic@example.com');
    expect(reason).toContain('only an admin can resync');
    const resync = await view.page.$eval('[data-testid=action-resync]', (b) => ({
      disabled: (b as HTMLButtonElement).disabled,
      describedBy: b.getAttribute('aria-describedby'),
    }));
    expect(resync.disabled).toBe(true);
    const describedBy = await view.page.$eval(`#${resync.describedBy}`, (el) => el.textContent ?? '');
    expect(describedBy).toContain('only an admin can resync');
    expect((await view.buttonState('resync-all')).disabled).toBe(true);
    // An export only reads: a viewer keeps it.
    expect((await view.buttonState('export')).disabled).toBe(false);
    for (const width of [400, 800]) {
      for (const scheme of ['light', 'dark'] as const) {
        await view.page.setViewport({ width, height: 900 });
        await view.page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
        await screenshot(view.page, `team-viewer-category-${width}-${scheme}`);
      }
    }
  });

  it('a revoked token sends the panel back to pairing with what to ask for', async () => {
    const { token } = await team.add('vic@example.com', 'viewer');
    await pairByInvite(session, inviteLink(running.proxy.url, token));
    await team.revoke('vic@example.com');
    const panel = await session.open('sidepanel.html');
    const status = await panel.waitForSelector('[data-testid=connection][data-state=not-paired]', {
      timeout: 10_000,
    });
    expect(await status?.evaluate((el) => el.textContent)).toContain('not valid on this server');
  });
});

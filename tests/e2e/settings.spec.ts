import { describe, expect, it } from 'vitest';
import { setupFile } from './fixture';
import { PanelOverview } from './pages/panel-overview';
import { PanelSettings } from './pages/panel-settings';

describe('settings reach the proxy', () => {
  const env = setupFile();

  const openSettings = async () => {
    const panel = await PanelOverview.open(env.session);
    await panel.connection('connected');
    return { panel, settings: await new PanelSettings(panel.page).open() };
  };

  it('saves notification frequency and the usage warning to the proxy', async () => {
    const { panel, settings } = await openSettings();
    await settings.frequency('weekly');
    await settings.usageWarning('65');
    expect(await settings.save()).toBe('Saved.');
    expect((await env.proxy.store.settings()).notifications).toEqual({
      enabled: true,
      frequency: 'weekly',
      usageWarningPercent: 65,
    });
    await panel.shot('settings');
  });

  it('refuses a usage warning above 100 without saving it', async () => {
    const { settings } = await openSettings();
    const before = (await env.proxy.store.settings()).notifications;
    await settings.usageWarning('150');
    expect(await settings.save()).toContain('1 to 100');
    expect((await env.proxy.store.settings()).notifications).toEqual(before);
  });

  it('saves the share of the org limit left to other integrations, and refuses 95 saying the range', async () => {
    const { panel, settings } = await openSettings();
    const saved = await settings.saveHeadroom('15');
    expect(saved).toMatch(
      /^Saved\. The sync pauses before the org has less than 15% of its daily limit left/,
    );
    expect((await env.proxy.store.settings()).headroomPercent).toBe(15);
    await panel.shot('settings-headroom');
    const refused = await settings.saveHeadroom('95');
    expect(refused).toBe('Enter a whole percent from 0 to 90 (0 turns it off).');
    expect((await env.proxy.store.settings()).headroomPercent).toBe(15);
    await settings.saveHeadroom('0');
    expect((await env.proxy.store.settings()).headroomPercent).toBe(0);
  });

  it('edits the allocation inline on the overview and the proxy keeps it', async () => {
    const panel = await PanelOverview.open(env.session);
    expect(await panel.changeAllocation('2500')).toContain(`to ${(2500).toLocaleString()}`);
    expect((await env.proxy.store.settings()).allocation).toBe(2500);
    await panel.page.waitForFunction(() =>
      document.querySelector('[data-testid=usage]')?.textContent?.includes('2,500'),
    );
  });

  it('shows the proxy refusing an allocation above the org limit next to the field, and keeps the old one', async () => {
    const panel = await PanelOverview.open(env.session);
    const before = (await env.proxy.store.settings()).allocation;
    const note = await panel.changeAllocation('999999');
    expect(note).toMatch(/^Enter at most [\d,.\s]+: that is your org's daily limit/);
    expect((await env.proxy.store.settings()).allocation).toBe(before);
    expect(await panel.page.$eval('input[name=allocation]', (el) => (el as HTMLInputElement).value)).toBe(
      '999999',
    );
  });
});

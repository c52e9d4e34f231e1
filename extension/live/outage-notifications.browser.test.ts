import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { SyncState } from '../../shared/api/sync-state';
import { createNotifier } from './live-notifications';

const outage = (failures: number, retryAt: number): SyncState => ({
  state: 'degraded',
  system: 'salesforce',
  reason: 'Salesforce is unavailable (HTTP 503 SERVER_UNAVAILABLE: Server too busy).',
  since: 1_700_000_000_000,
  retryAt,
  queued: 12,
  failures,
});

const shown = async () =>
  Object.entries(await fakeBrowser.notifications.getAll()).map(([id]) => id.split(':').slice(0, 2).join(':'));

describe('outage notifications', () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });

  it('announces an outage once, however many failed attempts follow, and its end once', async () => {
    const n = createNotifier();
    await n.applySettings({ enabled: true, frequency: 'instant', usageWarningPercent: 80 });
    await n.stateChanged(outage(1, 10));
    await n.stateChanged(outage(2, 20));
    await n.stateChanged(outage(3, 40));
    expect(await shown()).toEqual(['outage:salesforce']);
    await n.stateChanged({ state: 'running' });
    await n.stateChanged({ state: 'running' });
    expect(await shown()).toEqual(['outage:salesforce', 'outage-over:salesforce']);
  });

  it('does not announce an outage already announced before the service worker was stopped', async () => {
    const before = createNotifier();
    await before.stateChanged(outage(1, 10));
    await fakeBrowser.notifications.clear(Object.keys(await fakeBrowser.notifications.getAll())[0]!);
    const woken = createNotifier();
    await woken.stateChanged(outage(2, 20));
    expect(await shown()).toEqual([]);
  });

  it.each([
    ['off', { enabled: false, frequency: 'instant' }],
    ['on a daily digest', { enabled: true, frequency: 'daily' }],
  ] as const)('stays silent with notifications %s', async (_, settings) => {
    const n = createNotifier();
    await n.applySettings({ ...settings, usageWarningPercent: 80 });
    await n.stateChanged(outage(1, 10));
    await n.stateChanged({ state: 'running' });
    expect(await shown()).toEqual([]);
  });
});

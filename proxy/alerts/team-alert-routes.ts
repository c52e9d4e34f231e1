/** @module GET/PUT /settings/team-alerts and POST /settings/team-alerts/test (admins only: see http/team-auth). */
import { Hono } from 'hono';
import { type TeamAlertTestAnswer, teamAlertTestBodySchema } from '../../shared/api/team';
import { noteActivity, teamAlertWords } from '../http/team-activity';
import { parseInput, readJson } from '../http/validation';
import type { RunningSync } from '../routes/api-deps';
import type { TeamAlertSettingsFile } from './alert-settings';
import { teamAlertsBodySchema, viewOf } from './alert-settings';
import type { TeamAlerts } from './team-alerts';

const CHANNEL_NAMES = { slack: 'Slack', email: 'E-mail' } as const;
const NOTHING_SAVED = {
  any: 'No channel is set up: add a Slack webhook or mail server first.',
  slack: 'No Slack webhook is saved yet: paste the webhook address, save, then send the test.',
  email: 'No mail server is saved yet: fill in the e-mail settings, save, then send the test.',
} as const;

/**
 * `sync`: where a change is written to the activity list (the test is recorded by the activity
 * middleware; a change here, because only this route knows the settings before it).
 */
export function createTeamAlertRoutes(
  settings: TeamAlertSettingsFile,
  alerts: TeamAlerts,
  sync: () => Pick<RunningSync, 'store'> | null = () => null,
) {
  return new Hono()
    .get('/settings/team-alerts', async (c) => c.json(viewOf(await settings.read())))
    .put('/settings/team-alerts', async (c) => {
      const change = parseInput(teamAlertsBodySchema, await readJson(c.req), 'body');
      const before = viewOf(await settings.read());
      const after = viewOf(await settings.update(change));
      const running = sync();
      const words = teamAlertWords(before, after);
      if (running && words) await noteActivity(c, running, 'team-alerts', words);
      return c.json(after);
    })
    .post('/settings/team-alerts/test', async (c) => {
      // No body (or {}) tests every channel; { "channel": "slack" | "email" } tests one.
      const raw = (await c.req.text()).trim() ? await readJson(c.req) : {};
      const { channel } = parseInput(teamAlertTestBodySchema, raw, 'body');
      const results = await alerts.test(channel);
      const answer: TeamAlertTestAnswer = {
        results,
        message: results.length
          ? results.map((r) => `${CHANNEL_NAMES[r.channel]}: ${r.ok ? 'sent' : r.message}`).join('; ')
          : NOTHING_SAVED[channel ?? 'any'],
      };
      return c.json(answer);
    });
}

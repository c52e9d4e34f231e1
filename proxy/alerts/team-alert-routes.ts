/** @module GET/PUT /settings/team-alerts and POST /settings/team-alerts/test (admins only: see http/team-auth). */
import { Hono } from 'hono';
import { parseInput, readJson } from '../http/validation';
import type { TeamAlertSettingsFile } from './alert-settings';
import { teamAlertsBodySchema, viewOf } from './alert-settings';
import type { TeamAlerts } from './team-alerts';

export function createTeamAlertRoutes(settings: TeamAlertSettingsFile, alerts: TeamAlerts) {
  return new Hono()
    .get('/settings/team-alerts', (c) => c.json(viewOf(settings.read())))
    .put('/settings/team-alerts', async (c) => {
      const change = parseInput(teamAlertsBodySchema, await readJson(c.req), 'body');
      return c.json(viewOf(settings.update(change)));
    })
    .post('/settings/team-alerts/test', async (c) => {
      const results = await alerts.test();
      return c.json({
        results,
        message: results.length
          ? results
              .map((r) => `${r.channel === 'slack' ? 'Slack' : 'E-mail'}: ${r.ok ? 'sent' : r.message}`)
              .join('; ')
          : 'No channel is set up: add a Slack webhook or mail server first.',
      });
    });
}

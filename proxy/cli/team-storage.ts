/**
 * @module Where the people of a shared server and its team alert settings live: `<data-dir>/team.db` and
 * `<data-dir>/team-alerts.json` by default, or the PostgreSQL database of `--database` /
 * SYNC_HEALTH_DATABASE_URL, so every replica sees the same people. `serve` and `users` open it the same way.
 *
 * A data folder's team.db is copied into a PostgreSQL database that holds no people and no team settings
 * yet, the first time either command opens it: moving the sync to PostgreSQL keeps who may use it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  createTeamAlertSettings,
  sealTeamAlerts,
  TEAM_ALERTS_SETTING,
  type TeamAlertSettingsFile,
  teamAlertsFile,
  teamAlertsInDirectory,
} from '../alerts/alert-settings';
import { openPgTeamDirectory } from '../store/pg/team-directory';
import { openTeamDirectory, type TeamDirectory } from '../store/users';

/** Where the people of a shared server are kept without --database (proxy/store/users.ts). */
export const teamFile = (dataDir: string) => join(dataDir, 'team.db');

export interface TeamStorage {
  team: TeamDirectory;
  alertSettings: TeamAlertSettingsFile;
  /** What was copied from the data folder into PostgreSQL on this open, in words; null when nothing was. */
  imported: string | null;
}

/** Opens the team directory and the alert settings; `database` (a postgres:// URL) puts both in PostgreSQL. */
export async function openTeamStorage(opts: {
  dataDir: string;
  database?: string;
  key: Buffer | null;
}): Promise<TeamStorage> {
  if (!opts.database) {
    return {
      team: openTeamDirectory(teamFile(opts.dataDir)),
      alertSettings: createTeamAlertSettings(teamAlertsFile(opts.dataDir), opts.key),
      imported: null,
    };
  }
  const team = await openPgTeamDirectory(opts.database);
  try {
    const imported = await importDataFolderTeam(opts.dataDir, team, opts.key);
    return {
      team,
      alertSettings: createTeamAlertSettings(teamAlertsInDirectory(team), opts.key),
      imported,
    };
  } catch (e) {
    await team.close();
    throw e;
  }
}

/**
 * Copies `<data-dir>/team.db` (people with their token hashes, so their tokens keep working; settings)
 * and `team-alerts.json` (sealed with `key`) into `target` when `target` is empty. The data folder's files
 * are left as they were (a copy, not a move: going back to SQLite finds them) and are not read again.
 */
export async function importDataFolderTeam(
  dataDir: string,
  target: TeamDirectory,
  key: Buffer | null,
): Promise<string | null> {
  const file = teamFile(dataDir);
  const alertsFile = teamAlertsFile(dataDir);
  const alertsText = await alertsFile.read();
  if (!existsSync(file) && !alertsText) return null;
  const existing = await target.exportRows();
  if (existing.users.length || Object.keys(existing.settings).length) return null;
  let rows: Awaited<ReturnType<TeamDirectory['exportRows']>> = { users: [], settings: {} };
  if (existsSync(file)) {
    const source = openTeamDirectory(file);
    try {
      rows = await source.exportRows();
    } finally {
      await source.close();
    }
  }
  if (alertsText) {
    // Read through the file's own reader (refuses a sealed file without its key), sealed again for the table.
    const alerts = await createTeamAlertSettings(alertsFile, key).read();
    rows.settings[TEAM_ALERTS_SETTING] = sealTeamAlerts(alerts, key);
  }
  if (!rows.users.length && !Object.keys(rows.settings).length) return null;
  await target.importRows(rows);
  const people = rows.users.length;
  const parts = [`${people.toLocaleString('en-US')} ${people === 1 ? 'person' : 'people'}`];
  if (alertsText) parts.push('the team alert settings');
  return `Copied ${parts.join(' and ')} from ${file}${alertsText ? ' and team-alerts.json' : ''} into PostgreSQL (tokens keep working). The data folder's copies are no longer read.`;
}

/**
 * @module Where team alerts go besides the browsers: a Slack incoming webhook and e-mail over SMTP.
 * Validated with zod; kept in `<data-dir>/team-alerts.json` (0600), or with `serve --database` in the team
 * directory in PostgreSQL (shared by the replicas); sealed with SYNC_HEALTH_SECRET_KEY when set, like the
 * credentials; the webhook URL and the SMTP password are never sent back.
 */
import { join } from 'node:path';
import { z } from 'zod';
import type { TeamAlertsView } from '../../shared/api/team';
import { readSecretFile, writeSecretFile } from '../config/secret-file';
import { isSealed, seal, unseal } from '../config/secret-key';
import type { TeamDirectory } from '../store/users';

export type { TeamAlertsView } from '../../shared/api/team';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** https on Slack's webhook host; http only on loopback (a local receiver, for trying it and for tests). */
const webhookUrl = z.string().superRefine((value, ctx) => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    ctx.addIssue({
      code: 'custom',
      message:
        'must be the Slack incoming webhook address, like https://hooks.slack.com/services/T000/B000/XXXX',
    });
    return;
  }
  const local = url.protocol === 'http:' && LOOPBACK.has(url.hostname);
  if (!local && (url.protocol !== 'https:' || url.hostname !== 'hooks.slack.com')) {
    ctx.addIssue({
      code: 'custom',
      message:
        'must start with https://hooks.slack.com/ (Slack → Apps → Incoming Webhooks → Add to Slack gives it)',
    });
  }
});

const email = z.string().trim().email('must be an e-mail address, like ops@example.com');

export const smtpSettingsSchema = z
  .object({
    host: z.string().trim().min(1, 'must name the mail server, like smtp.example.com'),
    port: z
      .number({ error: 'must be a port number, usually 587 (or 465 with "secure": true)' })
      .int('must be a whole number')
      .min(1, 'must be from 1 to 65535')
      .max(65535, 'must be from 1 to 65535'),
    /** true: TLS from the first byte (port 465); false: STARTTLS when the server offers it (587, 25). */
    secure: z.boolean({ error: 'must be true (port 465) or false (587 with STARTTLS)' }).default(false),
    user: z.string().optional(),
    /** Absent on a change: keep the saved one (the panel never receives it to send it back). */
    password: z.string().optional(),
    from: email,
    to: z.array(email).min(1, 'must list at least one address').max(20, 'may list at most 20 addresses'),
  })
  .strict();

export const teamAlertsBodySchema = z
  .object({
    /** null removes the webhook; absent keeps it. */
    slackWebhookUrl: webhookUrl.nullable().optional(),
    /** null removes the e-mail settings; absent keeps them. */
    smtp: smtpSettingsSchema.nullable().optional(),
  })
  .strict();

export interface TeamAlertSettings {
  slackWebhookUrl: string | null;
  smtp: z.infer<typeof smtpSettingsSchema> | null;
}

export function viewOf(settings: TeamAlertSettings): TeamAlertsView {
  const s = settings.smtp;
  return {
    slack: {
      configured: settings.slackWebhookUrl !== null,
      host: settings.slackWebhookUrl ? new URL(settings.slackWebhookUrl).host : null,
    },
    email: s
      ? {
          configured: true,
          host: s.host,
          port: s.port,
          secure: s.secure,
          ...(s.user ? { user: s.user } : {}),
          from: s.from,
          to: s.to,
          passwordSaved: Boolean(s.password),
        }
      : { configured: false },
  };
}

const EMPTY: TeamAlertSettings = { slackWebhookUrl: null, smtp: null };

/** Where the (sealed) settings text is kept: a 0600 file in the data folder, or the team directory. */
export interface TeamAlertsPlace {
  /** Names the place in messages (a file path, or "the team_settings table of PostgreSQL"). */
  where: string;
  read(): Promise<string | null>;
  write(text: string): Promise<void>;
}

/** `<data-dir>/team-alerts.json`, 0600 (local `serve`, the team directory in team.db). */
export function teamAlertsFile(dataDir: string): TeamAlertsPlace {
  const file = join(dataDir, 'team-alerts.json');
  return {
    where: file,
    read: async () => readSecretFile(file),
    write: async (text) => writeSecretFile(file, `${text}\n`),
  };
}

/** The key of the team directory's settings holding the sealed alert settings under `serve --database`. */
export const TEAM_ALERTS_SETTING = 'team_alerts';

/** In the team directory (`serve --database`: PostgreSQL, shared by every replica). */
export function teamAlertsInDirectory(
  team: Pick<TeamDirectory, 'setting' | 'setSetting'>,
  where = 'the team settings in PostgreSQL',
): TeamAlertsPlace {
  return {
    where,
    read: () => team.setting(TEAM_ALERTS_SETTING),
    write: (text) => team.setSetting(TEAM_ALERTS_SETTING, text),
  };
}

/** The saved text as kept: sealed with `key` when there is one (the webhook URL and mail password are secrets). */
export function sealTeamAlerts(settings: TeamAlertSettings, key: Buffer | null): string {
  const json = JSON.stringify(settings);
  return key ? JSON.stringify(seal(json, key)) : json;
}

export function createTeamAlertSettings(place: TeamAlertsPlace, key: Buffer | null) {
  return {
    async read(): Promise<TeamAlertSettings> {
      const text = await place.read();
      if (!text?.trim()) return EMPTY;
      const json = JSON.parse(text) as unknown;
      if (isSealed(json)) {
        if (!key)
          throw new Error(
            `${place.where} is encrypted: set SYNC_HEALTH_SECRET_KEY to the key it was saved with.`,
          );
        return JSON.parse(unseal(json, key)) as TeamAlertSettings;
      }
      return json as TeamAlertSettings;
    },
    /** Applies a validated change; a password left out keeps the saved one. */
    async update(change: z.infer<typeof teamAlertsBodySchema>): Promise<TeamAlertSettings> {
      const current = await this.read();
      const next: TeamAlertSettings = { ...current };
      if (change.slackWebhookUrl !== undefined) next.slackWebhookUrl = change.slackWebhookUrl;
      if (change.smtp !== undefined) {
        next.smtp =
          change.smtp === null
            ? null
            : {
                ...change.smtp,
                password:
                  change.smtp.password ??
                  (current.smtp?.host === change.smtp.host ? current.smtp.password : undefined),
              };
      }
      await place.write(sealTeamAlerts(next, key));
      return next;
    },
  };
}

export type TeamAlertSettingsFile = ReturnType<typeof createTeamAlertSettings>;

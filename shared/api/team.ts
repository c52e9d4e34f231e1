/**
 * @module Routes of a team's work: who changed what (GET /activity, every mode) and where team alerts go
 * (GET/PUT /settings/team-alerts and their test, on a shared server only).
 */
import { z } from 'zod';

export const ACTIVITY_PAGE_MAX = 100;

export const activityQuerySchema = z
  .object({
    /** The `nextBefore` of the previous page. */
    before: z.coerce.number().int('must be the "nextBefore" of the previous page').positive().optional(),
    limit: z.coerce
      .number()
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(ACTIVITY_PAGE_MAX, `must be at most ${ACTIVITY_PAGE_MAX}`)
      .optional(),
  })
  .strict();

export interface ActivityItem {
  id: number;
  /** ISO time. */
  at: string;
  /** The person's e-mail on a shared server; null for the local proxy's one admin. */
  actor: string | null;
  /** Who, in words for the person asking: their e-mail, or "you" on the local proxy. */
  who: string;
  /** A short code of what changed (`allocation`, `mappings`, `team-alerts`…). */
  action: string;
  /** What changed, in an admin's words. */
  summary: string;
}

export interface ActivityPage {
  items: ActivityItem[];
  /** Pass as `before` for the next (older) page; null at the end. */
  nextBefore: number | null;
}

/** Where team alerts go, as the API shows them: never the webhook's secret path or the password. */
export interface TeamAlertsView {
  slack: { configured: boolean; host: string | null };
  email: {
    configured: boolean;
    host?: string;
    port?: number;
    secure?: boolean;
    user?: string;
    from?: string;
    to?: string[];
    passwordSaved?: boolean;
  };
}

export interface TeamAlertsBody {
  /** null removes the webhook; absent keeps it. */
  slackWebhookUrl?: string | null;
  /** null removes the e-mail settings; absent keeps them. A password left out keeps the saved one. */
  smtp?: {
    host: string;
    port: number;
    secure?: boolean;
    user?: string;
    password?: string;
    from: string;
    to: string[];
  } | null;
}

export const TEAM_ALERT_CHANNELS = ['slack', 'email'] as const;
export type TeamAlertChannel = (typeof TEAM_ALERT_CHANNELS)[number];

export const teamAlertTestBodySchema = z.object({ channel: z.enum(TEAM_ALERT_CHANNELS).optional() }).strict();

export interface TeamAlertTestAnswer {
  results: { channel: TeamAlertChannel; ok: boolean; message?: string }[];
  /** One sentence per channel: "Slack: sent" or why not. */
  message: string;
}

export interface TeamApi {
  'GET /activity': { query?: z.input<typeof activityQuerySchema>; response: ActivityPage };
  'GET /settings/team-alerts': { response: TeamAlertsView };
  'PUT /settings/team-alerts': { body: TeamAlertsBody; response: TeamAlertsView };
  'POST /settings/team-alerts/test': {
    body?: z.input<typeof teamAlertTestBodySchema>;
    response: TeamAlertTestAnswer;
  };
}

/**
 * @module Who did it: every change a person makes through /api/v1 is written to the activity list with
 * their e-mail (null on the local proxy: its one admin), in words. Changes to records (a resync) go to
 * the record's history instead (routes/resync.ts). One middleware rather than a line in each route:
 * what each change means in words is read from the state before it and the route's answer, in one place.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { NotificationSettings } from '../../shared/api/control';
import type { MappingsResponse } from '../../shared/api/mappings';
import type { RecordRules } from '../../shared/api/record-rules';
import type { SetupActionResult, SetupApplyResponse } from '../../shared/api/setup';
import type { TeamAlertsView } from '../../shared/api/team';
import { CATEGORY_INFO, isCategory } from '../../shared/taxonomy';
import type { RunningSync } from '../routes/api-deps';
import { actorOf } from './team-auth';

const count = new Intl.NumberFormat('en-US');
const n = (value: unknown) => count.format(Number(value));
const plural = (k: number, one: string, many = `${one}s`) => `${count.format(k)} ${k === 1 ? one : many}`;

interface Change {
  /** The running sync's state before the route ran (what `before` of the rule read). */
  before: unknown;
  /** The request's JSON body (null when it had none). */
  body: Record<string, unknown> | null;
  /** The route's JSON answer. */
  answer: Record<string, unknown> | null;
  param: (name: string) => string | undefined;
}

interface ActivityRule {
  method: string;
  /** The path under /api/v1; `:name` segments are read with `param`. */
  path: string;
  action: string;
  before?: (running: RunningSync) => unknown;
  /** The change in words, or null when nothing changed (a save of the same value is not activity). */
  describe: (change: Change) => string | null;
}

const onOff = (v: boolean) => (v ? 'on' : 'off');

function notificationWords(before: NotificationSettings, after: NotificationSettings): string | null {
  const parts: string[] = [];
  if (before.enabled !== after.enabled) parts.push(`turned sync-error notifications ${onOff(after.enabled)}`);
  if (before.frequency !== after.frequency)
    parts.push(`set their frequency to ${after.frequency} (was ${before.frequency})`);
  if (before.usageWarningPercent !== after.usageWarningPercent)
    parts.push(
      `set the usage warning to ${after.usageWarningPercent}% of the allocation (was ${before.usageWarningPercent}%)`,
    );
  if (!parts.length) return null;
  const text = parts.join('; ');
  return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
}

function recordRuleWords(before: RecordRules, after: RecordRules): string | null {
  const parts: string[] = [];
  if (before.contactsCreateAs !== after.contactsCreateAs)
    parts.push(`new HubSpot contacts are now created in Salesforce as ${after.contactsCreateAs}s`);
  if (before.deleteInSalesforce !== after.deleteInSalesforce)
    parts.push(
      after.deleteInSalesforce
        ? 'a record deleted in HubSpot is now deleted in Salesforce too'
        : 'a record deleted in HubSpot no longer deletes it in Salesforce',
    );
  if (before.deleteInCrm !== after.deleteInCrm)
    parts.push(
      after.deleteInCrm
        ? 'a record deleted in Salesforce is now archived in HubSpot too'
        : 'a record deleted in Salesforce no longer archives it in HubSpot',
    );
  if (!parts.length) return null;
  return `Changed the record rules: ${parts.join('; ')}.`;
}

/** A change of the team alert settings in words (secrets never named). */
export function teamAlertWords(before: TeamAlertsView, after: TeamAlertsView): string | null {
  const parts: string[] = [];
  if (before.slack.configured !== after.slack.configured || before.slack.host !== after.slack.host)
    parts.push(after.slack.configured ? 'set the Slack webhook' : 'removed the Slack webhook');
  const mail = (v: TeamAlertsView['email']) => JSON.stringify(v);
  if (mail(before.email) !== mail(after.email))
    parts.push(
      after.email.configured
        ? `set e-mail alerts to ${after.email.to?.join(', ')} through ${after.email.host}:${after.email.port}`
        : 'removed the e-mail alerts',
    );
  // The password is write-only: a new one is a change even though the view looks the same.
  if (!parts.length)
    return 'Saved the team alert settings (no visible change; a new mail password, if one was typed).';
  const text = parts.join('; ');
  return `Team alerts: ${text}.`;
}

const PAST: Readonly<Record<string, string>> = {
  Create: 'created',
  Make: 'made',
  Update: 'updated',
  Assign: 'assigned',
};

/**
 * One action of "Create missing fields" as its plan described it (labels, with the API name in brackets),
 * shortened to what it acted on: 'the Contact field "HubSpot Id" (API name HubSpot_Id__c)'.
 */
function setupActionWords(r: SetupActionResult): { verb: string; what: string } {
  const head = r.description
    .split(/: | with Read and Edit on /)[0]!
    .replace(/; [^)]*\)/, ')')
    .trim();
  const space = head.indexOf(' ');
  return { verb: head.slice(0, space), what: head.slice(space + 1) };
}

/** The activity line of a "Create missing fields" run: what it did and what failed, in the plan's words. */
export function setupApplyWords(results: SetupActionResult[]): string {
  const done = results.filter((r) => ['created', 'updated', 'assigned'].includes(r.outcome));
  const failed = results.filter((r) => r.outcome === 'failed');
  if (!done.length && !failed.length) return 'Ran "Create missing fields": everything was already there.';
  const did = done.map((r) => {
    const { verb, what } = setupActionWords(r);
    return `${PAST[verb] ?? r.outcome} ${what}`;
  });
  const could = failed.map((r) => {
    const { verb, what } = setupActionWords(r);
    return `${verb.toLowerCase()} ${what}`;
  });
  return `Ran "Create missing fields": ${did.length ? did.join('; ') : 'nothing was created'}${
    could.length ? `; it could not ${could.join(', nor ')}` : ''
  }.`;
}

const RULES: ActivityRule[] = [
  {
    method: 'PUT',
    path: '/settings/allocation',
    action: 'allocation',
    describe: ({ answer }) =>
      answer && answer.previous !== answer.allocation
        ? `Changed the sync's API allocation from ${n(answer.previous)} to ${n(answer.allocation)} calls per 24 hours.`
        : null,
  },
  {
    method: 'PUT',
    path: '/settings/headroom',
    action: 'headroom',
    before: async (r) => (await r.store.settings()).headroomPercent,
    describe: ({ before, answer }) => {
      const after = Number(answer?.headroomPercent);
      if (before === after) return null;
      return after === 0
        ? `Stopped leaving a share of the org's daily limit to other integrations (was ${before}%).`
        : `Set the share of the org's daily limit left to other integrations to ${after}% (was ${before}%).`;
    },
  },
  {
    method: 'PUT',
    path: '/settings/notifications',
    action: 'notifications',
    before: async (r) => (await r.store.settings()).notifications,
    describe: ({ before, answer }) =>
      notificationWords(before as NotificationSettings, answer as unknown as NotificationSettings),
  },
  {
    method: 'PUT',
    path: '/settings/records',
    action: 'record-rules',
    before: (r) => r.store.recordRules(),
    describe: ({ before, answer }) =>
      recordRuleWords(before as RecordRules, answer as unknown as RecordRules),
  },
  {
    method: 'PUT',
    path: '/mappings',
    action: 'mappings',
    describe: ({ answer }) => {
      const a = answer as unknown as MappingsResponse;
      const types = a.mappings.map((m) => m.crmType);
      const listed = types.length > 1 ? `${types.slice(0, -1).join(', ')} and ${types.at(-1)}` : types[0];
      return `Saved the field mappings of HubSpot ${listed ?? 'records (none mapped)'}; ${plural(a.resent ?? 0, 'synced record')} sent again with the new mapping.`;
    },
  },
  {
    method: 'POST',
    path: '/setup/apply',
    action: 'setup',
    describe: ({ answer }) => setupApplyWords((answer as unknown as SetupApplyResponse).results),
  },
  {
    method: 'POST',
    path: '/sync/accept-preview',
    action: 'preview-accepted',
    describe: () => 'Accepted the preview: the sync may now write to Salesforce and HubSpot.',
  },
  {
    method: 'POST',
    path: '/sync/run',
    action: 'sync-run',
    describe: ({ answer }) =>
      `Ran the sync now (${plural(Number(answer?.processed ?? 0), 'change')} processed).`,
  },
  {
    method: 'POST',
    path: '/suspensions/:id/clear',
    action: 'suspension-cleared',
    before: (r) => r.engine.status(),
    describe: ({ before }) => {
      const state = before as Awaited<ReturnType<RunningSync['engine']['status']>>;
      return state.state === 'suspended'
        ? `Cleared the suspension "${state.reason}" so the sync tries again.`
        : 'Cleared a suspension so the sync tries again.';
    },
  },
  {
    method: 'POST',
    path: '/resync/all',
    action: 'resync-all',
    describe: ({ body }) => {
      const category = String(body?.category ?? '');
      const label = isCategory(category) ? CATEGORY_INFO[category].label : category;
      return `Asked to resync every open ${label} error.`;
    },
  },
  {
    method: 'POST',
    path: '/views',
    action: 'view-created',
    describe: ({ answer }) =>
      `Created the HubSpot list "${String(answer?.name)}" (${plural(Number(answer?.size ?? 0), 'record')}).`,
  },
  {
    method: 'POST',
    path: '/connections/hubspot',
    action: 'connection',
    describe: ({ answer }) =>
      `Connected HubSpot portal ${String(answer?.portalId ?? '')}.`.replace(' .', '.'),
  },
  {
    method: 'DELETE',
    path: '/connections/:system',
    action: 'connection',
    describe: ({ param }) =>
      `Disconnected ${param('system') === 'salesforce' ? 'Salesforce' : 'HubSpot'}: its saved credentials were removed.`,
  },
  {
    method: 'POST',
    path: '/settings/team-alerts/test',
    action: 'team-alerts-test',
    describe: ({ answer }) => `Sent a test team alert: ${String(answer?.message ?? '')}`,
  },
];

function matchRule(method: string, path: string) {
  const got = path.split('/');
  for (const rule of RULES) {
    const want = rule.path.split('/');
    if (rule.method !== method || want.length !== got.length) continue;
    const params: Record<string, string> = {};
    let same = true;
    want.forEach((seg, i) => {
      if (seg.startsWith(':')) params[seg.slice(1)] = got[i]!;
      else if (seg !== got[i]) same = false;
    });
    if (same) return { rule, params };
  }
  return null;
}

async function jsonOf(read: () => Promise<unknown>): Promise<Record<string, unknown> | null> {
  try {
    const value = await read();
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export interface ActivityDeps {
  sync: () => RunningSync | null;
  now?: () => number;
}

/**
 * Records each successful change under /api/v1 with who made it. Mounted before the routes it watches
 * (`mountApiRoutes`); a refused or failed change (any answer but 2xx) records nothing.
 */
export function recordActivity(deps: ActivityDeps): MiddlewareHandler {
  return async (c: Context, next) => {
    const path = c.req.path.replace(/^\/api\/v1/, '');
    const match = matchRule(c.req.method, path);
    if (!match) return next();
    const running = deps.sync();
    // Awaited: store reads become promises with the async Store.
    const before = running && match.rule.before ? await match.rule.before(running) : undefined;
    await next();
    if (!running || c.res.status < 200 || c.res.status >= 300) return;
    const summary = match.rule.describe({
      before,
      body: await jsonOf(() => c.req.json()),
      answer: await jsonOf(() => c.res.clone().json()),
      param: (name) => match.params[name],
    });
    if (!summary) return;
    // A change that restarts the sync (connecting an account) closes the store it started with: the
    // activity goes to the sync running now. Recording it never turns a change that was made into an error.
    const current = [deps.sync(), running].find((r) => r?.store.isOpen());
    if (!current) return;
    try {
      await noteActivity(c, current, match.rule.action, summary, deps.now);
    } catch (e) {
      if (current.store.isOpen()) throw e;
    }
  };
}

/** Writes one change a caller made to the activity list (for routes that say their change themselves). */
export async function noteActivity(
  c: Context,
  running: Pick<RunningSync, 'store'>,
  action: string,
  summary: string,
  now: () => number = Date.now,
): Promise<void> {
  await running.store.recordActivity({ at: now(), actor: actorOf(c), action, summary });
}

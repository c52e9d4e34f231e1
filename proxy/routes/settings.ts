/** @module The allocation, headroom and notification settings, and what a digest notification should say. */
import { Hono } from 'hono';
import {
  allocationBodySchema,
  type DigestAnswer,
  digestQuerySchema,
  type HeadroomAnswer,
  headroomBodySchema,
  notificationPatchSchema,
  type SalesforceCallsAnswer,
  salesforceCallsPatchSchema,
} from '../../shared/api/control';
import { recordRulesPatchSchema } from '../../shared/api/record-rules';
import { CATEGORY_INFO } from '../../shared/taxonomy';
import { badRequest } from '../http/api-http-error';
import { parseInput, readJson } from '../http/validation';
import type { Settings } from '../store';
import type { ApiDeps } from './api-deps';
import { requireSync } from './running-sync';

const count = new Intl.NumberFormat('en-US');

/** What a headroom of `percent` means for the org as last seen. */
function headroomAnswer(percent: number, org: { used: number; limit: number } | null): HeadroomAnswer {
  if (percent === 0)
    return {
      headroomPercent: 0,
      message: "Off: the sync may use the org's daily limit up to its allocation.",
    };
  const keep = Math.ceil((org?.limit ?? 0) * (percent / 100));
  return {
    headroomPercent: percent,
    message: org
      ? `The sync pauses before the org has less than ${percent}% of its daily limit left (${count.format(keep)} of ${count.format(org.limit)} calls); the org has ${count.format(Math.max(0, org.limit - org.used))} left now.`
      : `The sync pauses before the org has less than ${percent}% of its daily limit left.`,
  };
}

/** The "Salesforce calls" settings and what they mean, in an admin's words. */
export function salesforceCallsAnswer(s: Settings): SalesforceCallsAnswer {
  const every =
    s.pollFloorMinutes === s.pollCeilingMinutes
      ? `every ${count.format(s.pollFloorMinutes)} ${s.pollFloorMinutes === 1 ? 'minute' : 'minutes'}`
      : `every ${count.format(s.pollFloorMinutes)}–${count.format(s.pollCeilingMinutes)} minutes (more often right after a change)`;
  return {
    bulkThreshold: s.bulkThreshold,
    pollFloorMinutes: s.pollFloorMinutes,
    pollCeilingMinutes: s.pollCeilingMinutes,
    safetyPollHours: s.safetyPollHours,
    copyExistingToCrm: s.copyExistingToCrm,
    message:
      `More than ${count.format(s.bulkThreshold)} records of one kind are sent in bulk; ` +
      `Salesforce is checked for changes ${every}, ` +
      `or every ${count.format(s.safetyPollHours)} ${s.safetyPollHours === 1 ? 'hour' : 'hours'} for records whose changes arrive live. ` +
      (s.copyExistingToCrm
        ? 'The first sync copies the records Salesforce already holds to HubSpot.'
        : 'The first sync leaves the records only Salesforce holds where they are.'),
  };
}

export function createSettingsRoutes(deps: ApiDeps) {
  const now = () => (deps.now ?? Date.now)();
  return new Hono()
    .put('/settings/allocation', async (c) => {
      const { allocation } = parseInput(allocationBodySchema, await readJson(c.req), 'body');
      const { store, engine } = requireSync(deps);
      const org = (await store.usage(now())).org;
      if (org && allocation > org.limit)
        throw badRequest(
          `Invalid body: "allocation" ${allocation} is above the org's daily limit of ${org.limit} calls; use at most ${org.limit}.`,
        );
      const previous = (await store.settings()).allocation;
      await store.setSettings({ allocation });
      engine.events.emit('counts');
      const used = await store.calls24h(now());
      const message =
        previous === allocation
          ? `The allocation stays at ${allocation} calls per 24 hours.`
          : `Allocation changed from ${previous} to ${allocation} calls per 24 hours (${used} used in the last 24 hours)${
              (await engine.status()).state === 'paused' && used < allocation
                ? '; the sync resumes on its next run'
                : ''
            }.`;
      return c.json({ allocation, previous, message });
    })
    .get('/settings/headroom', async (c) => {
      const { store } = requireSync(deps);
      return c.json(headroomAnswer((await store.settings()).headroomPercent, await store.orgUsage()));
    })
    .put('/settings/headroom', async (c) => {
      const { headroomPercent } = parseInput(headroomBodySchema, await readJson(c.req), 'body');
      const { store, engine } = requireSync(deps);
      await store.setSettings({ headroomPercent });
      // A sync held by the headroom tries again on its next run; the guard decides there.
      engine.events.emit('counts');
      return c.json(headroomAnswer(headroomPercent, await store.orgUsage()));
    })
    .get('/settings/salesforce-calls', async (c) =>
      c.json(salesforceCallsAnswer(await requireSync(deps).store.settings())),
    )
    .put('/settings/salesforce-calls', async (c) => {
      const patch = parseInput(salesforceCallsPatchSchema, await readJson(c.req), 'body');
      const { store, engine } = requireSync(deps);
      const cur = await store.settings();
      const floor = patch.pollFloorMinutes ?? cur.pollFloorMinutes;
      const ceiling = patch.pollCeilingMinutes ?? cur.pollCeilingMinutes;
      if (floor > ceiling) {
        const which = patch.pollFloorMinutes !== undefined ? 'pollFloorMinutes' : 'pollCeilingMinutes';
        throw badRequest(
          `Invalid body: "${which}" makes the shortest wait (${floor} minutes) longer than the longest (${ceiling} minutes); set "pollFloorMinutes" at most "pollCeilingMinutes".`,
        );
      }
      const saved = await store.setSettings(patch);
      // The next run reads the new values; a lowered ceiling takes effect at once.
      engine.events.emit('counts');
      return c.json(salesforceCallsAnswer(saved));
    })
    .get('/settings/notifications', async (c) =>
      c.json((await requireSync(deps).store.settings()).notifications),
    )
    .put('/settings/notifications', async (c) => {
      const patch = parseInput(notificationPatchSchema, await readJson(c.req), 'body');
      const { store } = requireSync(deps);
      return c.json(
        (await store.setSettings({ notifications: { ...(await store.settings()).notifications, ...patch } }))
          .notifications,
      );
    })
    .get('/settings/records', async (c) => c.json(await requireSync(deps).store.recordRules()))
    .put('/settings/records', async (c) => {
      const patch = parseInput(recordRulesPatchSchema, await readJson(c.req), 'body');
      return c.json(await requireSync(deps).store.setRecordRules(patch));
    })
    .get('/notifications/digest', async (c) => {
      const { since } = parseInput(digestQuerySchema, c.req.query(), 'query');
      const { store } = requireSync(deps);
      const until = now();
      if (since > until) throw badRequest('Invalid query: "since" is in the future; pass an earlier time.');
      const digest = await store.digest(since);
      const categories = digest.categories.map((d) => ({ ...d, label: CATEGORY_INFO[d.category].label }));
      const newErrors = categories.reduce((n, d) => n + d.newErrors, 0);
      const parts = categories.filter((d) => d.newErrors > 0).map((d) => `${d.newErrors} ${d.label}`);
      const answer: DigestAnswer = {
        since,
        until,
        newErrors,
        resolved: categories.reduce((n, d) => n + d.resolved, 0),
        openErrors: categories.reduce((n, d) => n + d.open, 0),
        categories,
        usage: await store.usage(until),
        headline: newErrors
          ? `${newErrors} new sync ${newErrors === 1 ? 'error' : 'errors'}: ${parts.join(', ')}`
          : 'No new sync errors',
      };
      return c.json(answer);
    });
}

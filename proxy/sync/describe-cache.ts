/** @module Cached describes: fetched when missing or older than the TTL; a change re-queues the errors it may fix. */
import { createHash } from 'node:crypto';
import type { DescribeResult, SalesforceAdapter } from '../salesforce/adapter';
import { withCallKind } from '../salesforce/api-meter';
import type { Store } from '../store';
import { callWithRetry, type RetryOptions, SuspendSignal } from './call-policy';
import type { ObjectMapping } from './default-mapping';

/** Error categories whose cause lives in describe: a describe change may have fixed them. */
const DESCRIBE_CAUSED = ['picklists', 'permissions', 'property-mappings', 'property-values'];

const digest = (d: DescribeResult) => createHash('sha1').update(JSON.stringify(d.fields)).digest('base64url');

export interface DescribeDeps {
  store: Store;
  salesforce: SalesforceAdapter;
  now: () => number;
  retry: RetryOptions;
  ttlMs: number;
  /** Whether optional spending (refreshing a stale cached describe) is allowed now. */
  canSpendOptional: () => Promise<boolean>;
}

/**
 * Returns the describes of the mapped objects, refreshing stale ones (one call each); `force` refreshes
 * all of them, or the objects named.
 */
export async function loadDescribes(
  deps: DescribeDeps,
  mappings: ObjectMapping[],
  force: boolean | ReadonlySet<string> = false,
) {
  const out = new Map<string, DescribeResult>();
  const toFetch: string[] = [];
  for (const m of mappings) {
    const cached = await deps.store.describe<DescribeResult>(m.sfObject);
    const forced = force === true || (force !== false && force.has(m.sfObject));
    // A stale describe is still good enough while the budget is tight: pending changes come first.
    const freshEnough = cached && deps.now() - cached.fetchedAt < deps.ttlMs;
    if (cached && !forced && (freshEnough || !(await deps.canSpendOptional())))
      out.set(m.sfObject, cached.body);
    else if (!toFetch.includes(m.sfObject)) toFetch.push(m.sfObject);
  }
  // Several due at once (a first sync's three objects): one Composite call carries them all.
  const bundled =
    toFetch.length > 1 && deps.salesforce.compositeGet ? await describeBundle(deps, toFetch) : [];
  for (const object of toFetch) {
    const fresh =
      bundled.find((d) => d.name === object) ??
      // Alone, or a subrequest that failed: its own call, so its error is classified as before.
      (await callWithRetry(() => deps.salesforce.describe(object), object, deps.retry));
    await acceptDescribe(deps, object, fresh);
    out.set(object, fresh);
  }
  return out;
}

/** Up to 25 describes in one `POST /composite` (describes are not queries: the limit of 5 does not apply). */
const DESCRIBES_PER_COMPOSITE = 25;

async function describeBundle(deps: DescribeDeps, objects: string[]): Promise<DescribeResult[]> {
  const out: DescribeResult[] = [];
  const compositeGet = deps.salesforce.compositeGet as NonNullable<SalesforceAdapter['compositeGet']>;
  for (let i = 0; i < objects.length; i += DESCRIBES_PER_COMPOSITE) {
    const chunk = objects.slice(i, i + DESCRIBES_PER_COMPOSITE);
    const answers = await callWithRetry(
      () => withCallKind('describe', () => compositeGet(chunk.map((o) => `sobjects/${o}/describe`))),
      chunk.join(', '),
      deps.retry,
    );
    answers.forEach((a, j) => {
      const body = a.body as DescribeResult | null;
      if (a.status === 200 && body?.name === chunk[j]) out.push(body);
    });
  }
  return out;
}

/**
 * Stores a describe just read (alone, or inside the poll's Composite call); when it differs from the
 * cached one (a fix made in Setup), the errors it may have fixed are queued again at once.
 */
export async function acceptDescribe(
  deps: DescribeDeps,
  object: string,
  fresh: DescribeResult,
): Promise<boolean> {
  if (fresh.createable === false && fresh.updateable === false) {
    throw new SuspendSignal({
      id: `object-permission:${object}`,
      reason: `The integration user may neither create nor edit ${object} records`,
      action: `Give the integration user Create and Edit on ${object}, then clear this suspension.`,
    });
  }
  const cached = await deps.store.describe<DescribeResult>(object);
  const changed = Boolean(cached && digest(cached.body) !== digest(fresh));
  await deps.store.tx(async () => {
    await deps.store.setDescribe(object, fresh, deps.now());
    if (changed) await requeueDescribeErrors(deps.store, object, deps.now());
  });
  return changed;
}

/** The describe changed (a picklist value added, a field made editable): retry what it may have fixed. */
async function requeueDescribeErrors(store: Store, sfObject: string, now: number): Promise<void> {
  for (const r of await store.recordsWithOpenErrors(sfObject, DESCRIBE_CAUSED))
    await store.enqueue('to-sf', r.crmType, r.crmId, { refetch: true, reason: 'describe changed' }, now);
}

/**
 * @module "Create missing fields": runs the planned actions in order (fields, the permission set that
 * grants them, its assignment, the CRM property) and reports each one's result. A second run plans
 * nothing, so it creates nothing.
 */
import type { SetupAction, SetupActionResult, SetupApplyResponse } from '../../shared/api/setup';
import type { MetadataOutcome } from '../salesforce/setup-client';
import { inspectSetup, PERMISSION_SET } from './inspect-setup';
import type { SetupDeps } from './setup-deps';

/** Bad input: the caller named an action that is not planned. */
export class SetupInputError extends Error {
  override name = 'SetupInputError';
}

const fromOutcome = (
  action: SetupAction,
  o: MetadataOutcome | undefined,
  done: 'created' | 'updated',
): SetupActionResult => {
  if (!o)
    return { ...action, outcome: 'failed', message: 'Salesforce returned no result for this component' };
  if (o.success)
    return { ...action, outcome: o.created === false ? 'updated' : done, message: `${o.fullName}: done` };
  if (o.errors.some((e) => e.statusCode === 'DUPLICATE_DEVELOPER_NAME'))
    return { ...action, outcome: 'already-there', message: o.errors.map((e) => e.message).join('; ') };
  return {
    ...action,
    outcome: 'failed',
    message: o.errors.map((e) => `${e.statusCode}: ${e.message}`).join('; '),
  };
};

export async function applySetup(deps: SetupDeps, only?: string[]): Promise<SetupApplyResponse> {
  const plan = await inspectSetup(deps);
  const planned = plan.response.planned;
  if (only) {
    const unknown = only.filter((id) => !planned.some((a) => a.id === id));
    if (unknown.length) {
      throw new SetupInputError(
        `Not planned: ${unknown.join(', ')}. Planned actions: ${planned.map((a) => a.id).join(', ') || 'none (the setup is complete)'}`,
      );
    }
  }
  const chosen = planned.filter((a) => !only || only.includes(a.id));
  const results: SetupActionResult[] = [];
  const failed = (action: SetupAction, err: unknown): SetupActionResult => ({
    ...action,
    outcome: 'failed',
    message: (err as Error).message,
  });

  const creates = chosen.filter((a) => a.kind === 'create-field');
  if (creates.length) {
    try {
      const outcomes = await deps.sfSetup.createFields(
        creates.map((a) => plan.fieldsToCreate.get(a.target)!),
      );
      for (const a of creates)
        results.push(
          fromOutcome(
            a,
            outcomes.find((o) => o.fullName === a.target),
            'created',
          ),
        );
    } catch (err) {
      for (const a of creates) results.push(failed(a, err));
    }
  }
  const updates = chosen.filter((a) => a.kind === 'update-field');
  if (updates.length) {
    try {
      const outcomes = await deps.sfSetup.updateFields(
        updates.map((a) => plan.fieldsToUpdate.get(a.target)!),
      );
      for (const a of updates)
        results.push(
          fromOutcome(
            a,
            outcomes.find((o) => o.fullName === a.target),
            'updated',
          ),
        );
    } catch (err) {
      for (const a of updates) results.push(failed(a, err));
    }
  }
  // The permission set names only fields that exist now: leave out those whose creation failed.
  const missing = new Set(
    results.filter((r) => r.kind === 'create-field' && r.outcome === 'failed').map((r) => r.target),
  );
  const psAction = chosen.find((a) => a.kind === 'permission-set');
  let psReady = !psAction;
  if (psAction && plan.permissionSet) {
    const set = {
      ...plan.permissionSet,
      fieldPermissions: plan.permissionSet.fieldPermissions.filter((fp) => !missing.has(fp.field)),
    };
    try {
      const o = await deps.sfSetup.upsertPermissionSet(set);
      const r = fromOutcome(psAction, o, 'created');
      psReady = r.outcome !== 'failed';
      results.push(r);
    } catch (err) {
      results.push(failed(psAction, err));
    }
  }
  const assign = chosen.find((a) => a.kind === 'assign-permission-set');
  if (assign && plan.assignTo) {
    if (!psReady) {
      results.push({
        ...assign,
        outcome: 'skipped',
        message: `Not assigned: the permission set ${PERMISSION_SET} could not be saved`,
      });
    } else {
      try {
        const done = await deps.sfSetup.assignPermissionSet(PERMISSION_SET, plan.assignTo);
        results.push({
          ...assign,
          outcome: done === 'assigned' ? 'assigned' : 'already-there',
          message: `${PERMISSION_SET} → ${plan.assignTo}`,
        });
      } catch (err) {
        results.push(failed(assign, err));
      }
    }
  }
  for (const action of chosen.filter((a) => a.kind === 'create-property')) {
    const target = plan.propertiesToCreate.get(action.id);
    if (!target) continue;
    try {
      const done = await deps.crmSetup.createProperty(target.objectType, target.spec);
      results.push({ ...action, outcome: done, message: `${target.objectType}.${target.spec.name}` });
    } catch (err) {
      results.push(failed(action, err));
    }
  }
  const after = (await inspectSetup(deps)).response;
  return { results, after };
}

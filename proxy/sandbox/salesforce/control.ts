/** @module In-process control of the org for tests and demos: what an admin changes in Setup, plus faults and raw state. */
import { apiUsed, recordApiCalls } from './api-usage';
import {
  ControlError,
  insertDirect,
  objectNamed,
  recordNamed,
  setDeleted,
  updateDirect,
} from './direct-writes';
import type { FaultKind } from './faults';
import { type ConvertOptions, type ConvertResult, convertLead } from './lead-conversion';
import { mergeRecords } from './merge-records';
import { type FieldPermission, findField, type ObjectPermission } from './org-definition';
import type { OrgState, SfRecord } from './org-state';
import { beginTransaction } from './record-table';
import { expireAllTokens, revokeAllTokens } from './sessions';
import { runSoql } from './soql/run-soql';

export interface SalesforceSandboxControl {
  /** Back to the demo org (re-seeded unless seeding is off); the connected app and its sessions stay. */
  reset(): void;
  addPicklistValue(object: string, field: string, value: string): void;
  setFieldPermission(object: string, field: string, permission: FieldPermission): void;
  setObjectPermission(object: string, permission: Partial<ObjectPermission>): void;
  setValidationRuleActive(object: string, ruleName: string, active: boolean): void;
  /** Validation rules, duplicate rules, flows, triggers and approval locks, by API name. */
  setRuleActive(object: string, ruleName: string, active: boolean): void;
  /** Calls spent by "another integration": they count in the rolling window now. */
  addApiUsage(calls: number): void;
  setDailyApiLimit(limit: number): void;
  injectFaults(fault: { count: number; kind: FaultKind; latencyMs?: number }): void;
  clearFaults(): void;
  revokeTokens(): void;
  expireTokens(): void;
  setApiEnabled(enabled: boolean): void;
  /** An edit made in the UI: typed, but no rule runs and no API call is charged. */
  insertRecordDirect(
    object: string,
    fields: Record<string, unknown>,
    options?: { hidden?: boolean },
  ): SfRecord;
  updateRecordDirect(object: string, id: string, fields: Record<string, unknown>): SfRecord;
  deleteRecord(object: string, id: string): void;
  /** Converts a lead as convertLead() does (a new or given Account, a new Contact, the lead read-only). */
  convertLead(id: string, options?: ConvertOptions): ConvertResult;
  /** Merges one or two records into the master, as Merge in the UI or the merge() call does. */
  mergeRecords(
    object: string,
    masterId: string,
    mergedIds: string[],
  ): { masterId: string; mergedIds: string[] };
  undeleteRecord(object: string, id: string): void;
  /** Raw stored records, deleted ones included. */
  records(object: string): SfRecord[];
  record(object: string, id: string): SfRecord;
  /** SOQL over the raw state (queryAll semantics), without charging an API call. */
  query(soql: string): Record<string, unknown>[];
  apiUsage(): { used: number; limit: number };
}

export interface ControlDeps {
  state: () => OrgState;
  now: () => number;
  reset: () => void;
  persist: () => void;
  faults: { inject: SalesforceSandboxControl['injectFaults']; clear(): void };
}

export function createControl(deps: ControlDeps): SalesforceSandboxControl {
  const { state, now } = deps;
  const changed = <T>(value: T): T => {
    deps.persist();
    return value;
  };
  const fieldOf = (objectName: string, fieldName: string) => {
    const object = objectNamed(state(), objectName);
    const field = findField(object, fieldName);
    if (!field) throw new ControlError(`Unknown field "${fieldName}" on ${object.name}`);
    return { object, field };
  };
  const setRuleActive = (objectName: string, ruleName: string, active: boolean) => {
    const object = objectNamed(state(), objectName);
    const rules = state().org.rules.filter((r) => r.object === object.name);
    const rule = rules.find((r) => r.name.toLowerCase() === ruleName.toLowerCase());
    if (!rule) {
      throw new ControlError(
        `No rule "${ruleName}" on ${object.name}. Options: ${rules.map((r) => r.name).join(', ') || 'none'}`,
      );
    }
    rule.active = active;
    deps.persist();
  };
  const positive = (n: number, what: string) => {
    if (!Number.isInteger(n) || n < 0)
      throw new ControlError(`${what} must be a non-negative integer, not ${n}`);
  };

  return {
    reset: () => changed(deps.reset()),
    addPicklistValue(objectName, fieldName, value) {
      const { object, field } = fieldOf(objectName, fieldName);
      if (!field.picklist)
        throw new ControlError(`${object.name}.${field.name} is a ${field.type} field, not a picklist`);
      if (!field.picklist.values.includes(value)) field.picklist.values.push(value);
      deps.persist();
    },
    setFieldPermission(objectName, fieldName, permission) {
      const { object, field } = fieldOf(objectName, fieldName);
      object.fieldPermissions[field.name] = {
        readable: permission.readable,
        editable: permission.readable && permission.editable,
      };
      deps.persist();
    },
    setObjectPermission(objectName, permission) {
      const object = objectNamed(state(), objectName);
      object.permission = { ...object.permission, ...permission };
      deps.persist();
    },
    setValidationRuleActive: setRuleActive,
    setRuleActive,
    addApiUsage(calls) {
      positive(calls, 'calls');
      recordApiCalls(state(), now(), calls);
      deps.persist();
    },
    setDailyApiLimit(limit) {
      positive(limit, 'limit');
      state().dailyApiLimit = limit;
      deps.persist();
    },
    injectFaults(fault) {
      positive(fault.count, 'count');
      deps.faults.inject(fault);
    },
    clearFaults: () => deps.faults.clear(),
    revokeTokens: () => changed(revokeAllTokens(state())),
    expireTokens: () => changed(expireAllTokens(state(), now())),
    setApiEnabled(enabled) {
      state().apiEnabled = enabled;
      deps.persist();
    },
    insertRecordDirect: (object, fields, options) =>
      changed(insertDirect(state(), now(), object, fields, options)),
    updateRecordDirect: (object, id, fields) => changed(updateDirect(state(), now(), object, id, fields)),
    deleteRecord: (object, id) => changed(setDeleted(state(), now(), object, id, true)),
    convertLead: (id, options) => changed(convertLead(state(), now(), id, options)),
    mergeRecords: (object, masterId, mergedIds) =>
      changed(mergeRecords(state(), now(), object, masterId, mergedIds)),
    undeleteRecord: (object, id) => changed(setDeleted(state(), now(), object, id, false)),
    records: (objectName) => Object.values(state().records[objectNamed(state(), objectName).name]),
    record: (objectName, id) => recordNamed(state(), objectName, id),
    query(soql) {
      const urlOf = (type: string, id: string) => `/services/data/v62.0/sobjects/${type}/${id}`;
      return runSoql(state().org, beginTransaction(state()), soql, { includeDeleted: true, urlOf }).records;
    },
    apiUsage: () => ({ used: apiUsed(state(), now()), limit: state().dailyApiLimit }),
  };
}

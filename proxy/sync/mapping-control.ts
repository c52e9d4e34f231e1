/**
 * @module The mapping set in use: loaded from the store (the default saved there on first start),
 * validated against the cached describes and the CRM's property definitions on start, when a
 * describe changes and when an admin changes it. A set that would add a problem is refused whole.
 */
import { createHash } from 'node:crypto';
import { mappingSetSchema } from '../../shared/api/mappings';
import type { CrmConnector, CrmPropertyDefinition } from '../crm/types';
import type { DescribeResult } from '../salesforce/adapter';
import type { Store } from '../store';
import { SuspendSignal } from './call-policy';
import type { ObjectMapping } from './default-mapping';
import { crmCursorKey } from './pull-from-crm';
import { type MappingProblem, validateMappings } from './validate-mappings';

/** A mapping set refused before anything was saved; the message names the object pair and field. */
export class MappingSetError extends Error {
  constructor(
    message: string,
    readonly problems: MappingProblem[] = [],
  ) {
    super(message);
    this.name = 'MappingSetError';
  }
}

interface MappingControlDeps {
  store: Store;
  crm: CrmConnector;
  now: () => number;
  fallback: ObjectMapping[];
  onProblems: (problems: MappingProblem[]) => void;
}

const problemKey = (p: MappingProblem) => `${p.crmType}|${p.property}|${p.field}|${p.problem}`;
const fingerprint = (mappings: ObjectMapping[], describes: Map<string, DescribeResult>) =>
  createHash('sha1')
    .update(JSON.stringify(mappings))
    .update(JSON.stringify([...describes].map(([name, d]) => [name, d.fields])))
    .digest('base64url');

/** Checks the shape and the rules no describe is needed for; throws MappingSetError naming the place. */
export function parseMappingSet(input: unknown): ObjectMapping[] {
  const parsed = mappingSetSchema.safeParse(input);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first.path.length ? `mappings.${first.path.join('.')}` : 'mappings';
    throw new MappingSetError(`Invalid mapping set: ${where} ${first.message}`);
  }
  const set = parsed.data;
  const seen = new Set<string>();
  for (const m of set) {
    const pair = `${m.crmType} → ${m.sfObject}`;
    if (seen.has(m.crmType)) throw new MappingSetError(`Invalid mapping set: ${m.crmType} is mapped twice`);
    for (const r of m.references) {
      // The engine fills references from company associations, written before their children.
      if (r.to !== 'companies' || !seen.has(r.to))
        throw new MappingSetError(
          `Invalid mapping set: ${pair} reference ${r.sf} → ${r.to} needs the companies pair listed before it (parents first); only company references are supported`,
        );
    }
    seen.add(m.crmType);
    const sfFields = new Set<string>();
    for (const f of m.fields) {
      const key = f.sf.toLowerCase();
      if (sfFields.has(key) || m.references.some((r) => r.sf.toLowerCase() === key))
        throw new MappingSetError(`Invalid mapping set: ${pair} field ${f.sf} is mapped more than once`);
      sfFields.add(key);
    }
  }
  return set;
}

/** After a failed read of the property labels, the next try waits this long (the steps use internal names meanwhile). */
const LABEL_RETRY_MS = 60_000;

export async function createMappingControl(deps: MappingControlDeps) {
  const { store } = deps;
  const stored = await store.mappingSet<unknown>();
  let current: ObjectMapping[] = stored ? parseMappingSet(stored.mappings) : deps.fallback;
  if (!stored) await store.saveMappingSet(current, deps.now());
  let checkedThisProcess = false;

  /** Property labels by CRM type, kept from each read of the definitions, for the words of the steps. */
  const labels = new Map<string, Map<string, string>>();
  let labelsFailedAt = Number.NEGATIVE_INFINITY;
  const remember = (crmType: string, list: CrmPropertyDefinition[]) =>
    labels.set(crmType, new Map(list.map((p) => [p.name, p.label])));
  const crmProperties = async (mappings: ObjectMapping[]) =>
    new Map<string, CrmPropertyDefinition[]>(
      await Promise.all(
        mappings.map(async (m) => {
          const list = await deps.crm.properties(m.crmType);
          remember(m.crmType, list);
          return [m.crmType, list] as const;
        }),
      ),
    );

  async function save(problems: MappingProblem[], print: string): Promise<void> {
    const before = await store.mappingProblems<MappingProblem>();
    await store.setMappingProblems(problems, deps.now());
    await store.setCursor('mapping_fingerprint', print);
    if (JSON.stringify(before?.problems ?? []) !== JSON.stringify(problems)) deps.onProblems(problems);
  }

  /** A pair that cannot sync at all stops the run: an upsert without its external id could duplicate. */
  function throwIfPairBroken(problems: MappingProblem[]): void {
    const broken = problems.find((p) => p.scope === 'object');
    if (!broken) return;
    throw new SuspendSignal({
      id: `property-mappings:${broken.sfObject}`,
      reason: broken.message,
      action: 'Fix the field (Settings → Setup can create it), then clear this suspension.',
    });
  }

  return {
    current: () => current,
    /**
     * The label HubSpot shows for a mapped property ("Lead Status" for `hs_lead_status`), from the last read
     * of the definitions (each validation reads them). A pair never read in this process is read once here
     * (one CRM call); if that fails, the steps say the internal name, and it is tried again a minute later.
     */
    async propertyLabels(): Promise<(crmType: string, property: string) => string | undefined> {
      const missing = current.filter((m) => !labels.has(m.crmType));
      if (missing.length && deps.now() - labelsFailedAt > LABEL_RETRY_MS) {
        try {
          for (const m of missing) remember(m.crmType, await deps.crm.properties(m.crmType));
        } catch {
          labelsFailedAt = deps.now();
        }
      }
      return (crmType, property) => labels.get(crmType)?.get(property);
    },
    problems: async () => await store.mappingProblems<MappingProblem>(),
    /**
     * Validates when first asked in this process (CRM properties may have changed meanwhile) and
     * whenever the mappings or a describe changed; costs no Salesforce call (describes are cached).
     */
    async check(describes: Map<string, DescribeResult>, force = false): Promise<MappingProblem[]> {
      const print = fingerprint(current, describes);
      const known = await store.mappingProblems<MappingProblem>();
      let problems = known?.problems ?? [];
      if (force || !checkedThisProcess || !known || (await store.cursor('mapping_fingerprint')) !== print) {
        problems = validateMappings(current, describes, await crmProperties(current));
        await save(problems, print);
        checkedThisProcess = true;
      }
      throwIfPairBroken(problems);
      return problems;
    },
    /** Validates `next` first; saves it only when it adds no problem. Changed pairs are read again in full. */
    async replace(input: unknown, describes: (m: ObjectMapping[]) => Promise<Map<string, DescribeResult>>) {
      const next = parseMappingSet(input);
      const d = await describes(next);
      const problems = validateMappings(next, d, await crmProperties(next));
      const existing = new Set(
        ((await store.mappingProblems<MappingProblem>())?.problems ?? []).map(problemKey),
      );
      const added = problems.filter((p) => !existing.has(problemKey(p)));
      if (added.length) {
        throw new MappingSetError(
          `Mapping set not saved: ${added.map((p) => `${p.crmType}.${p.property} → ${p.sfObject}.${p.field}: ${p.message}`).join('; ')}`,
          added,
        );
      }
      const before = new Map(current.map((m) => [m.crmType, JSON.stringify(m)]));
      await store.tx(async () => {
        await store.saveMappingSet(next, deps.now());
        // A changed pair re-reads every CRM record: the content hash (over the mapped fields) then
        // differs, so each record is sent again with the new mapping.
        for (const m of next)
          if (before.get(m.crmType) !== JSON.stringify(m)) await store.deleteCursor(crmCursorKey(m));
        await save(problems, fingerprint(next, d));
      });
      current = next;
      return problems;
    },
  };
}

export type MappingControl = ReturnType<typeof createMappingControl>;

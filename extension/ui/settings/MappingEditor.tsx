import { useEffect, useMemo, useState } from 'preact/hooks';
import type {
  MappingFieldOption,
  MappingFieldsResponse,
  MappingProblemDto,
  MappingPropertyOption,
  MappingSet,
} from '../../../shared/api/mappings';
import {
  allowedDirections,
  compatibility,
  DIRECTION_LABELS,
  type MappingDirection,
  SF_TYPE_LABELS,
} from '../../../shared/mapping-compat';
import { objectWords } from '../../../shared/object-words';
import type { ProxyClient } from '../../api/proxy-client';
import { loadError } from '../admin-message';
import { countOf } from '../format';
import type { MappingTarget } from './mapping-link';

type FieldRow = MappingSet[number]['fields'][number];

/**
 * An object pair by the one naming rule ("Companies (Accounts)"); a pair that maps a HubSpot object to
 * another Salesforce object than its usual one says both: "Deals ↔ Order__c".
 */
const pairLabel = (m: { crmType: string; sfObject: string }) =>
  objectWords(m.sfObject) === objectWords(m.crmType)
    ? objectWords(m.crmType, { plural: true })
    : `${objectWords(m.crmType, { plural: true, hubspotOnly: true })} ↔ ${m.sfObject}`;

/** The row's id in the page: what a "Property mappings" error's steps link to (#mapping-contacts-Title). */
export const mappingRowId = (crmType: string, field: string) => `mapping-${crmType}-${field}`;

/** A refused save names `contacts.jobtitle → Contact.Nickname__c: why`; this picks out one row's part. */
function refusalFor(message: string, crmType: string, sfObject: string, row: FieldRow): string | null {
  const key = `${crmType}.${row.crm} → ${sfObject}.${row.sf}: `;
  const at = message.indexOf(key);
  if (at < 0) return null;
  const rest = message.slice(at + key.length);
  const end = rest.search(/; [a-z_]+\.[^ ]+ → /);
  return end < 0 ? rest : rest.slice(0, end);
}

const fieldText = (f: MappingFieldOption) => `${f.label} (${SF_TYPE_LABELS[f.type] ?? f.type})`;

/**
 * Settings → Field mappings: per object pair, the mapped fields with their direction; add one from the
 * CRM's properties and Salesforce's fields (only compatible pairs can be chosen, the others say why),
 * change a direction, remove one. Saved whole through PUT /mappings, which refuses a set that adds a
 * problem; its message lands on the row it names.
 */
export function MappingEditor(props: { client: ProxyClient | null; focus?: MappingTarget }) {
  const [saved, setSaved] = useState<MappingSet | null>(null);
  const [draft, setDraft] = useState<MappingSet | null>(null);
  const [problems, setProblems] = useState<MappingProblemDto[]>([]);
  const [pair, setPair] = useState(props.focus?.crmType ?? 'contacts');
  const [options, setOptions] = useState<MappingFieldsResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [newProp, setNewProp] = useState('');
  const [newField, setNewField] = useState('');
  const [newDirection, setNewDirection] = useState<MappingDirection>('two-way');

  useEffect(() => {
    props.client
      ?.call('GET /mappings')
      .then((res) => {
        setSaved(res.mappings);
        setDraft(structuredClone(res.mappings));
        setProblems(res.problems);
      })
      .catch((err: Error) => setError(loadError(err)));
  }, [props.client]);
  useEffect(() => {
    setOptions(null);
    setNewProp('');
    setNewField('');
    props.client
      ?.call('GET /mappings/fields', { query: { pair } })
      .then(setOptions)
      .catch((err: Error) => setError(loadError(err)));
  }, [props.client, pair]);
  // A deep link from an error's steps: its pair, then its row brought into view once it is on screen.
  useEffect(() => {
    if (props.focus) setPair(props.focus.crmType);
  }, [props.focus]);
  useEffect(() => {
    const f = props.focus;
    if (!f || !draft) return;
    const el = document.getElementById(mappingRowId(f.crmType, f.field));
    el?.scrollIntoView({ block: 'center' });
    el?.focus();
  }, [props.focus, draft !== null, options !== null]);

  const pairMapping = draft?.find((m) => m.crmType === pair) ?? null;
  const props_ = useMemo(() => new Map((options?.properties ?? []).map((p) => [p.name, p])), [options]);
  const fields = useMemo(() => new Map((options?.fields ?? []).map((f) => [f.name, f])), [options]);
  const dirty = JSON.stringify(draft) !== JSON.stringify(saved);

  if (!props.client) return <p class="muted">Pair with the proxy to edit the field mappings.</p>;

  const update = (fn: (fields: FieldRow[]) => FieldRow[]) => {
    setNotice(null);
    setRefusal(null);
    setDraft((d) => d?.map((m) => (m.crmType === pair ? { ...m, fields: fn(m.fields) } : m)) ?? d);
  };
  const save = async () => {
    if (!draft) return;
    setBusy(true);
    setRefusal(null);
    setNotice(null);
    try {
      const res = await props.client!.call('PUT /mappings', { body: { mappings: draft } });
      setSaved(res.mappings);
      setDraft(structuredClone(res.mappings));
      setProblems(res.problems);
      setNotice(
        res.resent
          ? `Saved. ${countOf(res.resent, 'synced record')} will be sent again with the new mappings on the next run.`
          : 'Saved. Records are sent with the new mappings from the next run.',
      );
    } catch (err) {
      setRefusal((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const mappedSf = new Set(pairMapping?.fields.map((f) => f.sf.toLowerCase()) ?? []);
  const chosenProp = props_.get(newProp);
  const fieldChoice = (f: MappingFieldOption): { ok: boolean; why?: string } => {
    if (mappedSf.has(f.name.toLowerCase())) return { ok: false, why: 'already mapped' };
    if (!chosenProp) return { ok: true };
    const c = compatibility(chosenProp, f);
    return c.ok ? { ok: true } : { ok: false, why: c.why };
  };
  const chosenField = fields.get(newField);
  const newDirections = chosenProp && chosenField ? allowedDirections(chosenProp, chosenField) : [];
  const add = () => {
    if (!chosenProp || !chosenField) return;
    const direction = newDirections.includes(newDirection) ? newDirection : newDirections[0];
    update((rows) => [...rows, { crm: chosenProp.name, sf: chosenField.name, direction }]);
    setNewProp('');
    setNewField('');
  };

  return (
    <section
      aria-labelledby="mappings-title"
      class="mappings"
      data-testid="mapping-editor"
      id="field-mappings"
    >
      <h2 id="mappings-title">Field mappings</h2>
      {error && <p role="alert">{error}</p>}
      <label>
        Object
        <select
          value={pair}
          onChange={(e) => setPair((e.target as HTMLSelectElement).value)}
          data-testid="mapping-pair"
        >
          {(draft ?? []).map((m) => (
            <option key={m.crmType} value={m.crmType}>
              {pairLabel(m)}
            </option>
          ))}
        </select>
      </label>
      {!pairMapping ? (
        !error && <p aria-busy="true">Loading the mappings…</p>
      ) : (
        <ul class="mapping-rows" data-testid="mapping-rows">
          {pairMapping.fields.map((row) => {
            const prop = props_.get(row.crm);
            const field = fields.get(row.sf);
            const problem = problems.find(
              (p) => p.crmType === pair && p.property === row.crm && p.field === row.sf,
            );
            const refused = refusal ? refusalFor(refusal, pair, pairMapping.sfObject, row) : null;
            const directions =
              prop && field
                ? allowedDirections(prop, field)
                : (Object.keys(DIRECTION_LABELS) as MappingDirection[]);
            const focused =
              props.focus?.crmType === pair && props.focus.field.toLowerCase() === row.sf.toLowerCase();
            return (
              <li
                key={`${row.crm}|${row.sf}`}
                id={mappingRowId(pair, row.sf)}
                tabIndex={-1}
                class={`mapping-row${problem || refused ? ' has-problem' : ''}${focused ? ' focused' : ''}`}
                data-property={row.crm}
                data-field={row.sf}
              >
                <div class="mapping-names">
                  <span title={`HubSpot property ${row.crm}`}>{prop?.label ?? row.crm}</span>
                  <span aria-hidden="true"> ⇄ </span>
                  <span title={`Salesforce field ${row.sf}`}>{field ? fieldText(field) : row.sf}</span>
                </div>
                <div class="mapping-controls">
                  <select
                    aria-label={`Direction of ${prop?.label ?? row.crm}`}
                    value={row.direction}
                    onChange={(e) => {
                      const direction = (e.target as HTMLSelectElement).value as MappingDirection;
                      update((rows) => rows.map((r) => (r === row ? { ...r, direction } : r)));
                    }}
                  >
                    {(Object.keys(DIRECTION_LABELS) as MappingDirection[]).map((d) => (
                      <option key={d} value={d} disabled={!directions.includes(d) && d !== row.direction}>
                        {DIRECTION_LABELS[d]}
                      </option>
                    ))}
                  </select>
                  <button
                    type="button"
                    class="secondary small"
                    onClick={() => update((rows) => rows.filter((r) => r !== row))}
                    aria-label={`Remove the mapping of ${prop?.label ?? row.crm}`}
                  >
                    Remove
                  </button>
                </div>
                {(refused || problem) && (
                  <p class="mapping-problem" role="alert">
                    {refused ?? problem?.message}
                  </p>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {pairMapping && options && (
        <fieldset class="mapping-add" data-testid="mapping-add">
          <legend>Add a mapping</legend>
          <label>
            HubSpot property
            <select
              value={newProp}
              onChange={(e) => {
                setNewProp((e.target as HTMLSelectElement).value);
                setNewField('');
              }}
              data-testid="mapping-add-property"
            >
              <option value="">Choose a property…</option>
              {options.properties.map((p: MappingPropertyOption) => (
                <option key={p.name} value={p.name}>
                  {p.label}
                  {p.readOnly ? ' (set by HubSpot)' : ''}
                </option>
              ))}
            </select>
          </label>
          <label>
            Salesforce field
            <select
              value={newField}
              onChange={(e) => setNewField((e.target as HTMLSelectElement).value)}
              disabled={!chosenProp}
              data-testid="mapping-add-field"
            >
              <option value="">{chosenProp ? 'Choose a field…' : 'Choose a property first'}</option>
              {options.fields.map((f) => {
                const choice = fieldChoice(f);
                return (
                  <option key={f.name} value={f.name} disabled={!choice.ok} title={choice.why}>
                    {fieldText(f)}
                    {choice.ok ? '' : ` — ${choice.why}`}
                  </option>
                );
              })}
            </select>
          </label>
          <label>
            Direction
            <select
              value={newDirections.includes(newDirection) ? newDirection : (newDirections[0] ?? newDirection)}
              onChange={(e) => setNewDirection((e.target as HTMLSelectElement).value as MappingDirection)}
              disabled={!newDirections.length}
              data-testid="mapping-add-direction"
            >
              {(Object.keys(DIRECTION_LABELS) as MappingDirection[]).map((d) => (
                <option key={d} value={d} disabled={!newDirections.includes(d)}>
                  {DIRECTION_LABELS[d]}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            class="secondary"
            onClick={add}
            disabled={!chosenField}
            data-testid="mapping-add-button"
          >
            Add mapping
          </button>
        </fieldset>
      )}
      {refusal && !pairMapping?.fields.some((r) => refusalFor(refusal, pair, pairMapping.sfObject, r)) && (
        <p role="alert" data-testid="mapping-refusal">
          {refusal}
        </p>
      )}
      {notice && (
        <p class="status ok" role="status" data-testid="mapping-saved">
          {notice}
        </p>
      )}
      <div class="mapping-actions">
        <button type="button" onClick={save} disabled={!dirty || busy} data-testid="mapping-save">
          {busy ? 'Saving…' : 'Save mappings'}
        </button>
        <button
          type="button"
          class="secondary"
          onClick={() => {
            setDraft(structuredClone(saved));
            setRefusal(null);
          }}
          disabled={!dirty || busy}
        >
          Undo changes
        </button>
      </div>
    </section>
  );
}

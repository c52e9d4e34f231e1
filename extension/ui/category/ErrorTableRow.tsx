import type { ComponentChildren } from 'preact';
import type { ResyncOutcomeKind } from '../../../shared/resync-job';
import { countOf, formatFull, formatWhen } from '../format';
import { OpenMappingLink } from '../settings/OpenMappingLink';
import type { CategoryRow } from './category-row';

/** What a resync did to one error, shown on its row until the page reloads. */
export interface RowOutcome {
  outcome: ResyncOutcomeKind;
  /** Still failing: the error it fails with now. */
  message?: string;
}

const OUTCOME_TEXT: Readonly<Record<RowOutcome['outcome'], string>> = {
  resolved: 'Resolved',
  failing: 'Still failing',
  'not-found': 'Not found (already resolved or removed)',
};

/**
 * Check, record, error type, records, last attempt, first seen. Records and first seen are shown on
 * panels 600 px and wider; narrower ones keep them in the row's details.
 */
export const TABLE_COLUMNS = 6;

function When(props: { t: number; class?: string; field: string; children?: ComponentChildren }) {
  return (
    <td class={props.class} data-field={props.field}>
      <time dateTime={new Date(props.t).toISOString()} title={formatFull(props.t)}>
        {formatWhen(props.t)}
      </time>
      {props.children}
    </td>
  );
}

/**
 * One error in at most three lines: the record (name, then object and its two links), the error type
 * with Salesforce's detail clamped under it, the counts and dates. The rest (the field and value, the
 * blocking or matching record, the steps, Salesforce's own words) is in the row's details, opened by
 * its Details button.
 */
export function ErrorTableRow(props: {
  row: CategoryRow;
  selected: boolean;
  onToggle: (id: string) => void;
  open: boolean;
  onToggleSteps: (id: string) => void;
  outcome?: RowOutcome;
  /** Wide panel: the Records and First seen columns are there. */
  wide: boolean;
}) {
  const { row, outcome } = props;
  const nameId = `record-${row.id}`;
  const stepsId = `steps-${row.id}`;
  return (
    <>
      <tr data-testid="error-row" data-id={row.id} data-outcome={outcome?.outcome} class={outcome?.outcome}>
        <td class="check">
          <input
            type="checkbox"
            checked={props.selected}
            disabled={outcome?.outcome === 'resolved'}
            onChange={() => props.onToggle(row.id)}
            aria-labelledby={`select-label ${nameId}`}
          />
        </td>
        <th scope="row" class="record">
          <span id={nameId} class="name" title={row.name}>
            {row.name}
          </span>
          <span class="links">
            <span class="object">{row.object}</span>
            {row.crmUrl && (
              <a href={row.crmUrl} target="_blank" rel="noreferrer" data-testid="crm-link">
                HubSpot<span class="sr-only"> record of {row.name} (opens a new tab)</span>
              </a>
            )}
            {row.affectedRecords > 1 && !props.wide && (
              // Narrow panels have no Records column: a row that holds others back says so here.
              <span class="narrow">{countOf(row.affectedRecords, 'record')}</span>
            )}
            {row.sfUrl ? (
              <a href={row.sfUrl} target="_blank" rel="noreferrer" data-testid="sf-link">
                Salesforce<span class="sr-only"> record of {row.name} (opens a new tab)</span>
              </a>
            ) : (
              <span class="muted" title="The record was never created in Salesforce">
                not in Salesforce
              </span>
            )}
          </span>
        </th>
        <td class="detail">
          <strong class="title" title={row.title}>
            {row.title}
          </strong>
          <p data-field="detail" class="clamp" title={row.detail}>
            {row.detail}
          </p>
          {outcome && (
            <p class="outcome" data-testid="row-outcome">
              {OUTCOME_TEXT[outcome.outcome]}
              {outcome.message ? `: ${outcome.message}` : ''}
            </p>
          )}
        </td>
        {props.wide && (
          <td class="affected" data-field="affected">
            {row.affectedRecords}
          </td>
        )}
        <When t={row.lastSeen} class="when" field="last-attempt">
          <button
            type="button"
            class="info"
            aria-expanded={props.open}
            aria-controls={stepsId}
            onClick={() => props.onToggleSteps(row.id)}
            data-testid="row-details"
          >
            <span aria-hidden="true">{props.open ? 'Less' : 'More'}</span>
            <span class="sr-only">Details and how to fix, {row.name}</span>
          </button>
        </When>
        {props.wide && <When t={row.firstSeen} class="when" field="first-seen" />}
      </tr>
      <ResolutionSteps
        row={row}
        id={stepsId}
        columns={props.wide ? TABLE_COLUMNS : TABLE_COLUMNS - 2}
        hidden={!props.open}
      />
    </>
  );
}

/** A row's details: the facts behind it and "what happened, what to change where". */
export function ResolutionSteps(props: { row: CategoryRow; id: string; columns: number; hidden: boolean }) {
  const { row } = props;
  return (
    <tr class="steps-row" id={props.id} hidden={props.hidden}>
      <td colSpan={props.columns}>
        <section class="steps" aria-label={`How to fix: ${row.title}`} data-testid="resolution-steps">
          <dl class="facts">
            <dt>Detail</dt>
            <dd>{row.detail}</dd>
            {row.fact && (
              <>
                <dt>Where</dt>
                <dd class="fact" data-testid="row-fact">
                  {row.fact}
                </dd>
              </>
            )}
            {row.blocking && (
              <>
                <dt>Held back by</dt>
                <dd class="blocking">
                  {row.blocking.url ? (
                    <a href={row.blocking.url} target="_blank" rel="noreferrer">
                      {row.blocking.name}
                      <span class="sr-only"> (opens a new tab)</span>
                    </a>
                  ) : (
                    row.blocking.name
                  )}
                </dd>
              </>
            )}
            {row.duplicate && (
              <>
                <dt>Matches</dt>
                <dd class="blocking" data-testid="duplicate-of">
                  {row.duplicate.url ? (
                    <a href={row.duplicate.url} target="_blank" rel="noreferrer">
                      the existing Salesforce record {row.duplicate.id}
                      <span class="sr-only"> (opens a new tab)</span>
                    </a>
                  ) : (
                    `the existing Salesforce record ${row.duplicate.id}`
                  )}
                </dd>
              </>
            )}
            <dt>Affects</dt>
            <dd>{countOf(row.affectedRecords, 'record')}</dd>
            <dt>First seen</dt>
            <dd>{formatFull(row.firstSeen)}</dd>
            <dt>Last attempt</dt>
            <dd>{formatFull(row.lastSeen)}</dd>
          </dl>
          <h3>How to fix</h3>
          <ol>
            {row.steps.map((step) => (
              <li key={step}>{step}</li>
            ))}
          </ol>
          <OpenMappingLink target={row.mapping} />
          {row.raw && (
            <p class="raw">
              Salesforce said: <q>{row.raw}</q>
            </p>
          )}
        </section>
      </td>
    </tr>
  );
}

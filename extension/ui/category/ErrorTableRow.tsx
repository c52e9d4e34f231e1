import type { ComponentChildren } from 'preact';
import type { ResyncOutcomeKind } from '../../../shared/resync-job';
import { countOf, formatCount, formatFull, formatWhen } from '../format';
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
 * Check, record, error type, attempts, last attempt, first seen on panels 600 px and wider. Narrower ones
 * have three columns: the error cell takes the last attempt under Salesforce's detail, so that the type
 * gets the width to stay on one line and the detail is not dropped; attempts and first seen are in the
 * row's details. A row is one record, so the affected-record count lives on the card and the caption.
 */
export const TABLE_COLUMNS = 6;
export const NARROW_COLUMNS = 3;

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
  /** Wide panel: the Attempts, Last attempt and First seen columns are there. */
  wide: boolean;
}) {
  const { row, outcome } = props;
  const nameId = `record-${row.id}`;
  const stepsId = `steps-${row.id}`;
  const details = (
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
  );
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
            {row.sfUrl ? (
              <a href={row.sfUrl} target="_blank" rel="noreferrer" data-testid="sf-link">
                Salesforce<span class="sr-only"> record of {row.name} (opens a new tab)</span>
              </a>
            ) : (
              // Narrow panels say it in the details: beside the HubSpot link it took the cell to four lines.
              props.wide && (
                <span class="muted" title="The record was never created in Salesforce">
                  not in Salesforce
                </span>
              )
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
          {!props.wide && (
            <p class="row-when" data-field="last-attempt">
              <span class="sr-only">Last attempt </span>
              <time
                dateTime={new Date(row.lastSeen).toISOString()}
                title={`Last attempt ${formatFull(row.lastSeen)}`}
              >
                {formatWhen(row.lastSeen)}
              </time>
              {details}
            </p>
          )}
        </td>
        {props.wide && (
          <td class="attempts" data-field="attempts">
            {formatCount(row.attempts)}
          </td>
        )}
        {props.wide && (
          <When t={row.lastSeen} class="when" field="last-attempt">
            {details}
          </When>
        )}
        {props.wide && <When t={row.firstSeen} class="when" field="first-seen" />}
      </tr>
      <ResolutionSteps
        row={row}
        id={stepsId}
        columns={props.wide ? TABLE_COLUMNS : NARROW_COLUMNS}
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
                  {row.heldBack && row.heldBack > 1
                    ? `, which holds back ${countOf(row.heldBack, 'record')}`
                    : ''}
                </dd>
              </>
            )}
            {row.duplicate && (
              <>
                <dt>Matches</dt>
                <dd class="blocking" data-testid="duplicate-of">
                  {/* The id is no name: it is on hover, for whoever searches Salesforce by it. */}
                  {row.duplicate.url ? (
                    <a href={row.duplicate.url} target="_blank" rel="noreferrer" title={row.duplicate.id}>
                      the existing {row.object} in Salesforce
                      <span class="sr-only"> (opens a new tab)</span>
                    </a>
                  ) : (
                    <span title={row.duplicate.id}>the existing {row.object} in Salesforce</span>
                  )}
                </dd>
              </>
            )}
            {!row.sfUrl && (
              <>
                <dt>Salesforce</dt>
                <dd>Not created there yet</dd>
              </>
            )}
            <dt>Attempts</dt>
            <dd data-field="attempts-detail">{formatCount(row.attempts)}</dd>
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

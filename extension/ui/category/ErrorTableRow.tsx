import type { CategoryRow } from './category-row';

/** What a resync did to one error, shown on its row until the page reloads. */
export interface RowOutcome {
  outcome: 'resolved' | 'failing' | 'not-found';
  /** Still failing: the error it fails with now. */
  message?: string;
}

const OUTCOME_TEXT: Readonly<Record<RowOutcome['outcome'], string>> = {
  resolved: 'Resolved',
  failing: 'Still failing',
  'not-found': 'Not found (already resolved or removed)',
};

export const TABLE_COLUMNS = 4;

/** One error: checkbox, record with its two links, affected records, detail with the info button. */
export function ErrorTableRow(props: {
  row: CategoryRow;
  selected: boolean;
  onToggle: (id: string) => void;
  open: boolean;
  onToggleSteps: (id: string) => void;
  outcome?: RowOutcome;
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
          <span id={nameId} class="name">
            {row.name}
          </span>
          <span class="object">{row.object}</span>
          <span class="links">
            {row.crmUrl && (
              <a href={row.crmUrl} target="_blank" rel="noreferrer" data-testid="crm-link">
                HubSpot<span class="sr-only"> record of {row.name} (new tab)</span>
              </a>
            )}
            {row.sfUrl ? (
              <a href={row.sfUrl} target="_blank" rel="noreferrer" data-testid="sf-link">
                Salesforce<span class="sr-only"> record of {row.name} (new tab)</span>
              </a>
            ) : (
              <span class="muted" title="The record was never created in Salesforce">
                not in Salesforce
              </span>
            )}
          </span>
        </th>
        <td class="affected" data-field="affected">
          {row.affectedRecords}
        </td>
        <td class="detail">
          <div class="detail-head">
            <strong>{row.title}</strong>
            <button
              type="button"
              class="info"
              aria-expanded={props.open}
              aria-controls={stepsId}
              onClick={() => props.onToggleSteps(row.id)}
              title="How to fix"
            >
              <span aria-hidden="true">i</span>
              <span class="sr-only">How to fix the error of {row.name}</span>
            </button>
          </div>
          <p data-field="detail">{row.detail}</p>
          {row.fact && <p class="fact">{row.fact}</p>}
          {row.blocking && (
            <p class="blocking">
              Held back by{' '}
              {row.blocking.url ? (
                <a href={row.blocking.url} target="_blank" rel="noreferrer">
                  {row.blocking.name}
                </a>
              ) : (
                row.blocking.name
              )}
            </p>
          )}
          {row.duplicate && (
            <p class="blocking" data-testid="duplicate-of">
              Matches{' '}
              {row.duplicate.url ? (
                <a href={row.duplicate.url} target="_blank" rel="noreferrer">
                  the existing Salesforce record {row.duplicate.id}
                  <span class="sr-only"> (new tab)</span>
                </a>
              ) : (
                `the existing Salesforce record ${row.duplicate.id}`
              )}
            </p>
          )}
          {outcome && (
            <p class="outcome" data-testid="row-outcome">
              {OUTCOME_TEXT[outcome.outcome]}
              {outcome.message ? `: ${outcome.message}` : ''}
            </p>
          )}
        </td>
      </tr>
      <ResolutionSteps row={row} id={stepsId} columns={TABLE_COLUMNS} hidden={!props.open} />
    </>
  );
}

/** The "what happened, what to change where" panel of one error, opened by the row's info button. */
export function ResolutionSteps(props: { row: CategoryRow; id: string; columns: number; hidden: boolean }) {
  const { row } = props;
  return (
    <tr class="steps-row" id={props.id} hidden={props.hidden}>
      <td colSpan={props.columns}>
        {!props.hidden && (
          <section class="steps" aria-label={`How to fix: ${row.title}`} data-testid="resolution-steps">
            <h3>{row.title}</h3>
            <ol>
              {row.steps.map((step) => (
                <li key={step}>{step}</li>
              ))}
            </ol>
            {row.raw && (
              <p class="raw">
                Salesforce said: <q>{row.raw}</q>
              </p>
            )}
          </section>
        )}
      </td>
    </tr>
  );
}

import { resolutionSteps } from '../../../shared/taxonomy';
import type { CategoryRow } from './category-row';

/** The "what happened, what to change where" panel of one error, opened by the row's info button. */
export function ResolutionSteps(props: { row: CategoryRow; id: string; columns: number; hidden: boolean }) {
  const { row } = props;
  const steps = props.hidden ? [] : resolutionSteps(row.subType, row.details);
  return (
    <tr class="steps-row" id={props.id} hidden={props.hidden}>
      <td colSpan={props.columns}>
        <section class="steps" aria-label={`How to fix: ${row.title}`} data-testid="resolution-steps">
          <h3>{row.title}</h3>
          <ol>
            {steps.map((step) => (
              <li key={step}>{step}</li>
            ))}
          </ol>
          {row.detail !== row.details.message && row.details.message && (
            <p class="raw">
              Salesforce said: <q>{row.details.message}</q>
            </p>
          )}
        </section>
      </td>
    </tr>
  );
}

import type { HealthSummaryResponse } from '../../../shared/health-summary';
import { CATEGORY_INFO, type Category } from '../../../shared/taxonomy';

/** The eight error types with their open errors and affected records; each opens its table. */
export function CategoryCards(props: {
  categories: HealthSummaryResponse['categories'];
  onOpen(c: Category): void;
}) {
  return (
    <ul class="cards" aria-label="Errors by type">
      {props.categories.map((c) => (
        <li key={c.category}>
          <button
            type="button"
            class={`card-button ${c.openErrors ? 'has-errors' : ''}`}
            data-testid={`card-${c.category}`}
            title={CATEGORY_INFO[c.category].description}
            onClick={() => props.onOpen(c.category)}
            aria-label={`${CATEGORY_INFO[c.category].label}: ${c.openErrors} errors, ${c.affectedRecords} records. Open the table.`}
          >
            <strong>{CATEGORY_INFO[c.category].label}</strong>
            <span class="count">
              <span data-field="errors">{c.openErrors}</span> errors
            </span>
            <span class="muted">
              <span data-field="records">{c.affectedRecords}</span> records
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}

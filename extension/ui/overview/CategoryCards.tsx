import type { HealthSummaryResponse } from '../../../shared/health-summary';
import { CATEGORY_INFO, type Category } from '../../../shared/taxonomy';
import { formatCount } from '../format';

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
          >
            {/* The visible text is the button's name ("Picklists 9 errors 9 records"): no aria-label that differs from it. */}
            <strong>{CATEGORY_INFO[c.category].label}</strong>
            <span class="count">
              <span data-field="errors">{formatCount(c.openErrors)}</span>{' '}
              {c.openErrors === 1 ? 'error' : 'errors'}
            </span>
            <span class="muted">
              <span data-field="records">{formatCount(c.affectedRecords)}</span>{' '}
              {c.affectedRecords === 1 ? 'record' : 'records'}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}

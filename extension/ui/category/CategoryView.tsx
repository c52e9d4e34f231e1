import type { Category } from '../../../shared/taxonomy';
import { CATEGORY_INFO } from '../../../shared/taxonomy';

/** One category's error table (being built: table, selection, resync, export, create view). */
export function CategoryView(props: { category: Category; onBack: () => void }) {
  return (
    <section aria-labelledby="category-title">
      <button type="button" onClick={props.onBack}>
        ← Overview
      </button>
      <h2 id="category-title">{CATEGORY_INFO[props.category].label}</h2>
    </section>
  );
}

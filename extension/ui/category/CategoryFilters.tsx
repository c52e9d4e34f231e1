import type { ErrorSort, RootCauseGroupItem } from '../../../shared/api/errors';
import { objectWords } from '../../../shared/object-words';
import { type Category, SUB_TYPES, type SubType } from '../../../shared/taxonomy';

/** The Salesforce objects the sync writes, in the words a HubSpot admin uses for them. */
export const OBJECT_OPTIONS: readonly [value: string, label: string][] = [
  'Contact',
  'Account',
  'Opportunity',
  'Lead',
].map((value) => [value, objectWords(value, { plural: true })]);

const SORT_OPTIONS: readonly [ErrorSort, string][] = [
  ['last-attempt', 'Last attempt (newest)'],
  ['first-seen', 'First seen (newest)'],
  ['record', 'Record name (A–Z)'],
];

/** The sub-types of a category, as the "Error type" filter offers them. */
export function subTypesOf(category: Category): [SubType, string][] {
  return (Object.entries(SUB_TYPES) as [SubType, { category: Category; title: string }][])
    .filter(([, info]) => info.category === category)
    .map(([name, info]) => [name, info.title]);
}

export interface TableFilter {
  text: string;
  group?: string;
  object?: string;
  subType?: SubType;
  sort: ErrorSort;
}

/** Search, then object, error type, root cause and order: what HubSpot's sync error table offers, and more. */
export function CategoryFilters(props: {
  category: Category;
  label: string;
  filter: TableFilter;
  onChange: (next: Partial<TableFilter>) => void;
  groups: RootCauseGroupItem[] | null;
}) {
  const { groups, filter } = props;
  const group = filter.group;
  // A group linked from the overview may be gone (fixed) by the time the list loads: keep it choosable.
  const known = !group || groups === null || groups.some((g) => g.rootCauseKey === group);
  const subTypes = subTypesOf(props.category);
  return (
    <div class="filters">
      <input
        type="search"
        placeholder="Search record, ID, value or message"
        aria-label={`Search ${props.label} errors`}
        value={filter.text}
        onInput={(e) => props.onChange({ text: e.currentTarget.value })}
        data-testid="category-search"
      />
      <div class="selects">
        <label>
          Object
          <select
            value={filter.object ?? ''}
            onChange={(e) => props.onChange({ object: e.currentTarget.value || undefined })}
            data-testid="object-filter"
          >
            <option value="">All objects</option>
            {OBJECT_OPTIONS.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        {subTypes.length > 1 && (
          <label>
            Error type
            <select
              value={filter.subType ?? ''}
              onChange={(e) => props.onChange({ subType: (e.currentTarget.value || undefined) as SubType })}
              data-testid="type-filter"
            >
              <option value="">All error types</option>
              {subTypes.map(([value, title]) => (
                <option key={value} value={value}>
                  {title}
                </option>
              ))}
            </select>
          </label>
        )}
        {groups && (groups.length > 1 || group) && (
          <label>
            Cause
            <select
              value={group ?? ''}
              onChange={(e) => props.onChange({ group: e.currentTarget.value || undefined })}
              data-testid="group-filter"
            >
              <option value="">All causes</option>
              {!known && <option value={group}>{group} (no open errors)</option>}
              {groups.map((g) => (
                <option key={g.rootCauseKey} value={g.rootCauseKey}>
                  {g.sentence}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          Sort by
          <select
            value={filter.sort}
            onChange={(e) => props.onChange({ sort: e.currentTarget.value as ErrorSort })}
            data-testid="sort"
          >
            {SORT_OPTIONS.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
      </div>
    </div>
  );
}

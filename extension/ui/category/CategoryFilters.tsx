import type { RootCauseGroupItem } from '../../../shared/api/errors';

/** Search box and root-cause select above the table ("value 'Biotech' is not in Industry: 4 errors"). */
export function CategoryFilters(props: {
  label: string;
  text: string;
  onText: (text: string) => void;
  groups: RootCauseGroupItem[] | null;
  group: string | undefined;
  onGroup: (group: string | undefined) => void;
}) {
  const { groups, group } = props;
  // A group linked from the overview may be gone (fixed) by the time the list loads: keep it choosable.
  const known = !group || groups === null || groups.some((g) => g.rootCauseKey === group);
  return (
    <div class="filters">
      <input
        type="search"
        placeholder="Search record, id, value or message"
        aria-label={`Search ${props.label} errors`}
        value={props.text}
        onInput={(e) => props.onText(e.currentTarget.value)}
        data-testid="category-search"
      />
      {groups && (groups.length > 1 || group) && (
        <select
          aria-label="Root cause"
          value={group ?? ''}
          onChange={(e) => props.onGroup(e.currentTarget.value || undefined)}
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
      )}
    </div>
  );
}

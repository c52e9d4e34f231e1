import { useEffect, useRef, useState } from 'preact/hooks';
import type { CategoryRow } from './category-row';
import { ErrorTableRow, NARROW_COLUMNS, type RowOutcome, TABLE_COLUMNS } from './ErrorTableRow';
import { pageSelection } from './resync-limit';

const WIDE = '(min-width: 600px)';

/**
 * Whether the panel is wide enough for the Attempts, Last attempt and First seen columns. Rendered, not hidden by CSS:
 * Chrome's fixed table layout keeps a hidden cell's column after the panel is resized.
 */
function useWide(): boolean {
  const [wide, setWide] = useState(() => matchMedia(WIDE).matches);
  useEffect(() => {
    const query = matchMedia(WIDE);
    const follow = () => setWide(query.matches);
    query.addEventListener('change', follow);
    return () => query.removeEventListener('change', follow);
  }, []);
  return wide;
}

const SKELETON_ROWS = 6;

/** The category's errors as a real table: caption, column headers, a labelled checkbox per row. */
export function ErrorTable(props: {
  caption: string;
  rows: CategoryRow[] | null;
  selected: ReadonlySet<string>;
  onToggle: (id: string) => void;
  onTogglePage: () => void;
  outcomes: ReadonlyMap<string, RowOutcome>;
}) {
  const [openSteps, setOpenSteps] = useState<string | null>(null);
  const wide = useWide();
  const columns = wide ? TABLE_COLUMNS : NARROW_COLUMNS;
  const selectAll = useRef<HTMLInputElement>(null);
  const ids = props.rows?.map((r) => r.id) ?? [];
  const state = pageSelection(props.selected, ids);
  useEffect(() => {
    // "mixed" exists only as a DOM property, not as an attribute.
    if (selectAll.current) selectAll.current.indeterminate = state === 'mixed';
  }, [state]);
  return (
    <table class="errors" aria-busy={props.rows === null} data-testid="error-table">
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col" class="check">
            <input
              ref={selectAll}
              type="checkbox"
              checked={state === true}
              disabled={!ids.length}
              onChange={props.onTogglePage}
              aria-label="Select all errors on this page"
              data-testid="select-page"
            />
            <span id="select-label" hidden>
              Select
            </span>
          </th>
          <th scope="col" class="record-h">
            Record
          </th>
          <th scope="col" class="type-h">
            Error type
          </th>
          {wide && (
            <th
              scope="col"
              class="attempts"
              title="How many times the sync tried the record and met this error"
            >
              Attempts
            </th>
          )}
          {wide && (
            <th scope="col" class="when">
              Last attempt
            </th>
          )}
          {wide && (
            <th scope="col" class="when">
              First seen
            </th>
          )}
        </tr>
      </thead>
      {props.rows === null ? (
        // Placeholders keep the table's height while the page loads; they mean nothing to a screen reader.
        <tbody aria-hidden="true">
          {Array.from({ length: SKELETON_ROWS }, (_, i) => (
            <tr class="skeleton" key={i}>
              {Array.from({ length: columns }, (_, j) => (
                <td key={j}>
                  <span class="bar" />
                  {j > 0 && <span class="bar short" />}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      ) : (
        <tbody>
          {props.rows.map((row) => (
            <ErrorTableRow
              key={row.id}
              row={row}
              selected={props.selected.has(row.id)}
              onToggle={props.onToggle}
              open={openSteps === row.id}
              onToggleSteps={(id) => setOpenSteps((cur) => (cur === id ? null : id))}
              outcome={props.outcomes.get(row.id)}
              wide={wide}
            />
          ))}
        </tbody>
      )}
    </table>
  );
}

import type { RecordRef } from '../../../shared/record-url';

/** The record the active tab shows (being built: sync status, linked record, errors, history). */
export function RecordView(props: { record: RecordRef | null }) {
  if (!props.record) return <p>Open a HubSpot or Salesforce record to see its sync status here.</p>;
  return (
    <section aria-label="This record">
      <h2>
        {props.record.system} {props.record.objectType} {props.record.id}
      </h2>
    </section>
  );
}

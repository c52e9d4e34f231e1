import { type MappingTarget, openMapping } from './mapping-link';

/** "Open this mapping": the link from a Property mappings error to the row that fixes it. */
export function OpenMappingLink(props: { target: MappingTarget | null }) {
  const { target } = props;
  if (!target) return null;
  return (
    <button type="button" class="link" onClick={() => openMapping(target)} data-testid="open-mapping">
      Open this mapping in Settings → Field mappings
    </button>
  );
}

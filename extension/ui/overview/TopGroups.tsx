import type { RootCauseGroupItem } from '../../../shared/api/errors';
import type { Category } from '../../../shared/taxonomy';
import type { ProxyClient } from '../../api/proxy-client';
import { useCached } from '../../cache/use-cached';
import { countOf } from '../format';

/** The causes behind the most errors: one fix each, largest first. */
export function TopGroups(props: {
  client: ProxyClient | null;
  version: number;
  onOpen(category: Category, group: string): void;
}) {
  const { client } = props;
  // Cached so the causes are there at first paint and when the proxy is stopped.
  const answer = useCached<{ groups: RootCauseGroupItem[] }>(
    'answers',
    'groups',
    client && (() => client.call('GET /errors/groups', { query: {} })),
    [client, props.version],
  ).data?.value;
  const groups = answer?.groups.filter((g) => g.errors > 1).slice(0, 5);
  if (!groups?.length) return null;
  return (
    <section class="card" aria-labelledby="groups-title">
      <h2 id="groups-title">Biggest causes</h2>
      <ul class="plain groups">
        {groups.map((g) => (
          <li key={g.rootCauseKey}>
            <button type="button" class="link" onClick={() => props.onOpen(g.category, g.rootCauseKey)}>
              {g.label.charAt(0).toUpperCase() + g.label.slice(1)}
            </button>
            <span class="muted"> — one fix resolves {countOf(g.errors, 'error')}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

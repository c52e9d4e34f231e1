import { useEffect, useState } from 'preact/hooks';
import type { RootCauseGroupItem } from '../../../shared/api/errors';
import type { Category } from '../../../shared/taxonomy';
import type { ProxyClient } from '../../api/proxy-client';

/** The causes behind the most errors: one fix each, largest first. */
export function TopGroups(props: {
  client: ProxyClient | null;
  version: number;
  onOpen(category: Category, group: string): void;
}) {
  const [groups, setGroups] = useState<RootCauseGroupItem[] | null>(null);
  useEffect(() => {
    if (!props.client) return;
    props.client
      .call('GET /errors/groups', { query: {} })
      .then((a) => setGroups(a.groups.filter((g) => g.errors > 1).slice(0, 5)))
      .catch(() => setGroups(null));
  }, [props.client, props.version]);
  if (!groups?.length) return null;
  return (
    <section class="card" aria-labelledby="groups-title">
      <h2 id="groups-title">Biggest causes</h2>
      <ul class="plain groups">
        {groups.map((g) => (
          <li key={g.rootCauseKey}>
            <button type="button" class="link" onClick={() => props.onOpen(g.category, g.rootCauseKey)}>
              {g.label}
            </button>
            <span class="muted"> — one fix resolves {g.errors} errors</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

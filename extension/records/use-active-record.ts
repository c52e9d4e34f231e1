/** @module The record the active tab shows, for the side panel: asked once, then followed as tabs change. */
import { useEffect, useState } from 'preact/hooks';
import type { RecordRef } from '../../shared/record-url';
import { onMessage, sendMessage } from '../messaging/protocol';

export function useActiveRecord(): RecordRef | null {
  const [ref, setRef] = useState<RecordRef | null>(null);
  useEffect(() => {
    sendMessage('activeRecord', {})
      .then(setRef)
      .catch(() => setRef(null));
    return onMessage('activeRecordChanged', ({ data }) => setRef(data.ref));
  }, []);
  return ref;
}

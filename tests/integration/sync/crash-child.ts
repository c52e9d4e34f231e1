/** @module The engine in its own process, for the kill -9 test: syncs until the queue is empty, then says "done". */
import { openStore } from '../../../proxy/store/index';
import { buildEngine, type ConnectionFacts } from './build-engine';

const facts = JSON.parse(process.env.SYNC_FACTS ?? '') as ConnectionFacts;
const store = openStore(process.env.SYNC_STORE ?? '');
// The Salesforce → CRM crash test polls Salesforce on every run.
const sfPollMs = process.env.SYNC_SF_POLL_MS ? Number(process.env.SYNC_SF_POLL_MS) : undefined;
// SYNC_CRASH_AT=<hook>:<crm type> kills this process with SIGKILL at that named point of the engine,
// the first time it is reached for that type: a crash exactly there, not wherever a timer lands.
const [crashAt, crashType] = (process.env.SYNC_CRASH_AT ?? '').split(':');
const die = () => process.kill(process.pid, 'SIGKILL');
// Bulk crash points name the Salesforce object: SYNC_CRASH_AT=after-bulk-create:Contact.
const onBulk = (point: string) => (sfObject: string) => {
  if (crashAt === point && sfObject === crashType) die();
};
const engine = await buildEngine(
  store,
  facts,
  Date.now,
  {
    ...(sfPollMs === undefined ? {} : { sfPollMs }),
    hooks: {
      afterResultsStored: ({ crmType }) => {
        if (crashAt === 'after-results-stored' && crmType === crashType) die();
      },
      afterMatchLinked: ({ crmType }) => {
        if (crashAt === 'after-match-linked' && crmType === crashType) die();
      },
      afterCrmCreateSent: ({ crmType }) => {
        if (crashAt === 'after-crm-create-sent' && crmType === crashType) die();
      },
    },
  },
  {
    // SYNC_STRATEGY=collections: writes of 200, many batch boundaries for the random kills to land on.
    ...(process.env.SYNC_STRATEGY === 'collections' ? { strategy: 'collections' as const } : {}),
    bulk: {
      ledger: store,
      threshold: async () => (await store.settings()).bulkThreshold,
      pollMs: [20, 200],
      hooks: { afterBulkCreate: onBulk('after-bulk-create'), afterBulkUpload: onBulk('after-bulk-upload') },
    },
  },
);

// Each state change as a line `state <json>`, for the parent to read what this process would announce.
engine.events.on('state', (s) => process.stdout.write(`state ${JSON.stringify(s)}\n`));

async function main(): Promise<void> {
  process.stdout.write('ready\n');
  for (;;) {
    const run = await engine.runOnce();
    // SYNC_STOP_ON_OUTAGE=1: a run that meets an outage ends the process normally (exit 0, "outage").
    if (run.state.state === 'degraded' && process.env.SYNC_STOP_ON_OUTAGE) {
      process.stdout.write('outage\n');
      await store.close();
      return;
    }
    if (run.failure) throw new Error(run.failure);
    if (run.processed === 0 && (await store.summary()).queueSize === 0) break;
  }
  process.stdout.write('done\n');
  await store.close();
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : err}\n`);
  process.exit(1);
});

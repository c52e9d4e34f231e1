/** @module A replica in its own process for the failover bench: the sandbox proxy on a shared PostgreSQL store. */
import { startSandboxProxy } from '../proxy/runtime/sandbox-runtime';

const running = await startSandboxProxy({
  port: 0,
  dataDir: process.env.REPLICA_DATA_DIR ?? '',
  database: process.env.REPLICA_DATABASE,
});
const wait = setInterval(() => {
  if (running.sync.replica?.isLeader()) {
    clearInterval(wait);
    process.stdout.write('leading\n');
  }
}, 10);

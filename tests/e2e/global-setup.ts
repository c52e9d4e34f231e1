/** Builds the extension once per test run; every spec loads .output/chrome-mv3. */
import { execFileSync } from 'node:child_process';

export default function setup() {
  execFileSync('npx', ['wxt', 'build'], { stdio: 'inherit' });
}

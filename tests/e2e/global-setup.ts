/** Builds the extension once per test run; every spec loads <WXT_OUT_DIR or .output>/chrome-mv3. */
import { execFileSync } from 'node:child_process';

export default function setup() {
  execFileSync('npx', ['wxt', 'build'], { stdio: 'inherit' });
}

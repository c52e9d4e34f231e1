/** Builds the Firefox target once per test run; the Firefox specs install <WXT_OUT_DIR or .output>/firefox-mv2. */
import { execFileSync } from 'node:child_process';

export default function setup() {
  execFileSync('npx', ['wxt', 'build', '-b', 'firefox'], { stdio: 'inherit' });
}

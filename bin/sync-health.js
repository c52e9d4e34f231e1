#!/usr/bin/env node
// The proxy is TypeScript run through tsx, so `npm start` needs no separate compile step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../proxy/cli.ts');
process.exitCode = await main(process.argv.slice(2));

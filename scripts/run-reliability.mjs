#!/usr/bin/env node
// Runs the reliability suites (**/*.reliability.ts: fuzz, slow clients, replay) one file at a time, so their
// figures are not skewed by each other. `npm test` does not collect them (it takes *.test.ts only).
// Usage: npm run test:reliability [-- <path-prefix>...]
import { runNodeTests } from './node-tests.mjs';

runNodeTests({ suffix: '.reliability.ts', concurrency: '1', filters: process.argv.slice(2), forceExit: true });

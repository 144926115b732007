#!/usr/bin/env node
// Runs every **/*.test.ts with node's test runner through tsx.
// Usage: npm test [-- <path-prefix>...]   e.g. npm test -- packages/synapse test/e2e
import { runNodeTests } from './node-tests.mjs';

runNodeTests({
  suffix: '.test.ts',
  concurrency: process.env.SUBNETKIT_TEST_CONCURRENCY ?? '2',
  filters: process.argv.slice(2),
});

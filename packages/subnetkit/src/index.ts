export { main as runCli } from './cli/main.js';
export { describeError, describeErrorVerbose } from './cli/render-error.js';
export * from './neurons/index.js';

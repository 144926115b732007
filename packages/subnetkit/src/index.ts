export { main as runCli } from './cli/main.js';
export * from './neurons/index.js';

// The training worker's entry: worker threads do not inherit the parent's TypeScript loader, so register tsx here
// and run the TypeScript worker (train-worker.ts).
import { register } from 'tsx/esm/api';

register();
await import('./train-worker.ts');

/** The training worker of prepare-models.ts: trains the named recipes into the cache and posts the entries back. */
import { parentPort, workerData } from 'node:worker_threads';
import { loadDigits, splitDigits } from './data.js';
import { type CachedModel, trainAndCache } from './model-cache.js';
import { RECIPES, type RecipeName } from './models.js';

const { names, cacheDir } = workerData as { names: RecipeName[]; cacheDir: string };
try {
  const digits = loadDigits();
  const split = splitDigits(digits.count);
  const models: CachedModel[] = [];
  for (const name of names) models.push(await trainAndCache(cacheDir, RECIPES[name], digits, split));
  parentPort?.postMessage({ models });
} catch (err) {
  parentPort?.postMessage({ error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
}

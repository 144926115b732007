/**
 * Makes sure the trained models a run needs are on disk: cache hits are used as they are; the missing ones are trained
 * in a worker thread, so the caller can start the chain while tfjs trains on the other core.
 */
import { Worker } from 'node:worker_threads';
import { loadDigits } from './data.js';
import { type CachedModel, defaultCacheDir, findCachedModel } from './model-cache.js';
import { RECIPES, type RecipeName } from './models.js';

export interface PreparedModels {
  models: Record<string, CachedModel>;
  /** The recipes trained by this call (empty when every model came from the cache). */
  trained: string[];
  seconds: number;
}

export async function prepareModels(
  names: readonly RecipeName[],
  options: { cacheDir?: string; log?: (line: string) => void } = {},
): Promise<PreparedModels> {
  const started = performance.now();
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const digits = loadDigits();
  const models: Record<string, CachedModel> = {};
  const missing: RecipeName[] = [];
  for (const name of new Set(names)) {
    const hit = await findCachedModel(cacheDir, RECIPES[name], digits.hash);
    if (hit) models[name] = hit;
    else missing.push(name);
  }
  if (missing.length > 0) {
    options.log?.(`training ${missing.join(', ')} on ${digits.count} digits' training split (cached in ${cacheDir})`);
    for (const m of await trainInWorker(missing, cacheDir)) {
      models[m.recipe] = m;
      options.log?.(
        `trained ${m.recipe} in ${m.trainSeconds.toFixed(1)} s: ${(m.heldOutAccuracy * 100).toFixed(1)}% on held-out digits`,
      );
    }
  }
  return { models, trained: missing, seconds: (performance.now() - started) / 1000 };
}

function trainInWorker(names: RecipeName[], cacheDir: string): Promise<CachedModel[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./train-worker.mjs', import.meta.url), { workerData: { names, cacheDir } });
    let result: CachedModel[] | undefined;
    worker.once('message', (m: { models?: CachedModel[]; error?: string }) => {
      if (m.error) reject(new Error(`training failed: ${m.error}`));
      else result = m.models;
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (result) resolve(result);
      else reject(new Error(`the training worker exited with code ${code} before finishing`));
    });
  });
}

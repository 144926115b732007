/**
 * Loads the author's module for `subnetkit miner|validator <entry>`: `.js`/`.mjs` natively; `.ts`/`.mts` through
 * tsx (from the author's project, else this package's) or Node's own type stripping where it has it. The module's
 * default export (or its export named `miner`/`validator`) must be a `defineMiner`/`defineValidator` definition.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { NEURON_KIND } from '../../neurons/define.js';
import { CliError, UsageError } from '../errors.js';

const TS = /\.(c|m)?tsx?$/;
const LOADER_READY = Symbol.for('subnetkit.ts-loader');

/** Registers a TypeScript loader once; false when none can be found. */
async function ensureTypeScript(entry: string): Promise<boolean> {
  const g = globalThis as Record<symbol, unknown>;
  if (g[LOADER_READY] || (process.features as { typescript?: unknown }).typescript) return true;
  const attempts: (() => Promise<{ register: () => unknown }>)[] = [
    // The author's project: tsx in its node_modules.
    async () => createRequire(resolve(dirname(entry), 'noop.js'))('tsx/esm/api') as { register: () => unknown },
    // This package's own resolution (a workspace checkout, or tsx installed globally beside it).
    () => import('tsx/esm/api' as string) as Promise<{ register: () => unknown }>,
  ];
  for (const attempt of attempts) {
    try {
      (await attempt()).register();
      g[LOADER_READY] = true;
      return true;
    } catch {
      // try the next place
    }
  }
  return false;
}

export async function loadEntry<T>(file: string, kind: 'miner' | 'validator'): Promise<T> {
  const entry = resolve(file);
  if (!existsSync(entry)) throw new UsageError(`${file}: no such file (the module that exports the ${kind})`);
  if (TS.test(entry) && !(await ensureTypeScript(entry))) {
    throw new CliError(
      'CLI_NO_TS_LOADER',
      `${file} is TypeScript and no TypeScript loader was found: add tsx to your project (npm install -D tsx) and run it again, or compile it to .js first.`,
    );
  }
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(entry).href)) as Record<string, unknown>;
  } catch (err) {
    throw new CliError('CLI_ENTRY_FAILED', `${file} failed to load: ${(err as Error).message}`, { cause: err });
  }
  const define = kind === 'miner' ? 'defineMiner' : 'defineValidator';
  const candidates = [mod.default, mod[kind]].filter((d) => d !== undefined);
  const found = candidates.find((d) => (d as Record<symbol, unknown>)?.[NEURON_KIND] === kind);
  if (found) return found as T;
  const other = candidates.find((d) => (d as Record<symbol, unknown>)?.[NEURON_KIND] !== undefined);
  if (other) {
    const otherKind = (other as Record<symbol, unknown>)[NEURON_KIND];
    throw new UsageError(
      `${file} exports a ${String(otherKind)}: run it with 'subnetkit ${String(otherKind)} ${file}'`,
    );
  }
  throw new UsageError(
    `${file} exports no ${kind}: make its default export ${define}({ … }) (import { ${define} } from 'subnetkit')`,
  );
}

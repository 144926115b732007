/**
 * Picks the tfjs engine: tfjs-node-gpu, then tfjs-node, then the WASM backend, then the pure-JS CPU backend.
 * The node bindings are optional peers: any error while loading one (not installed, libtensorflow missing, a binding
 * built for another CUDA) means "absent", and the reason is kept for logs and `/health`.
 */
import * as tf from '@tensorflow/tfjs-core';
import { InferenceError } from '../errors.js';
import type { DeviceName } from '../model.js';

export type TfjsEngine = 'tfjs-node-gpu' | 'tfjs-node' | 'tfjs-wasm' | 'tfjs-cpu';

export interface TfjsChoice {
  engine: TfjsEngine;
  /** The tfjs-core backend name (`tensorflow`, `wasm`, `cpu`). */
  tfBackend: string;
  device: DeviceName;
  fallbacks: { engine: string; reason: string }[];
}

/** Imports a module by name; injectable so tests can simulate absent or broken bindings. */
export type ModuleLoader = (specifier: string) => Promise<unknown>;

export interface SelectOptions {
  load?: ModuleLoader;
  /** Told once when `auto` falls back to CPU or a GPU binding runs on CPU. */
  warn?: (message: string) => void;
}

interface Candidate {
  engine: TfjsEngine;
  module: string;
  tfBackend: string;
  gpu: boolean;
}

const CANDIDATES: readonly Candidate[] = [
  { engine: 'tfjs-node-gpu', module: '@tensorflow/tfjs-node-gpu', tfBackend: 'tensorflow', gpu: true },
  { engine: 'tfjs-node', module: '@tensorflow/tfjs-node', tfBackend: 'tensorflow', gpu: false },
  { engine: 'tfjs-wasm', module: '@tensorflow/tfjs-backend-wasm', tfBackend: 'wasm', gpu: false },
  { engine: 'tfjs-cpu', module: '@tensorflow/tfjs-backend-cpu', tfBackend: 'cpu', gpu: false },
];

const defaultLoad: ModuleLoader = (s) => import(s);

/** The engines tried for a device, in order. `cpu` skips tfjs-node-gpu; `gpu` tries only it. */
export function tfjsCandidates(device: 'auto' | DeviceName, only?: TfjsEngine): readonly Candidate[] {
  if (only) return CANDIDATES.filter((c) => c.engine === only);
  if (device === 'gpu') return CANDIDATES.filter((c) => c.gpu);
  if (device === 'cpu') return CANDIDATES.filter((c) => !c.gpu);
  return CANDIDATES;
}

function reasonOf(err: unknown): string {
  const m = err instanceof Error ? err.message : String(err);
  return m.split('\n')[0] ?? m;
}

/**
 * Loads and activates the first engine that works for `device` (and `only`, to force one engine).
 * `device: 'gpu'` without a working GPU binding is a BACKEND_UNAVAILABLE error naming what was tried and why.
 */
export async function selectTfjsEngine(
  device: 'auto' | DeviceName,
  options: SelectOptions & { only?: TfjsEngine } = {},
): Promise<TfjsChoice> {
  const load = options.load ?? defaultLoad;
  const fallbacks: { engine: string; reason: string }[] = [];
  for (const c of tfjsCandidates(device, options.only)) {
    try {
      await load(c.module);
    } catch (err) {
      fallbacks.push({ engine: c.engine, reason: `not loadable: ${reasonOf(err)}` });
      continue;
    }
    if (!tf.findBackendFactory(c.tfBackend)) {
      fallbacks.push({
        engine: c.engine,
        reason: `loaded, but its '${c.tfBackend}' backend is registered with another copy of @tensorflow/tfjs-core (install the same 4.22.0 version once)`,
      });
      continue;
    }
    let ok = false;
    try {
      ok = await tf.setBackend(c.tfBackend);
    } catch (err) {
      fallbacks.push({ engine: c.engine, reason: `backend failed to start: ${reasonOf(err)}` });
      continue;
    }
    if (!ok) {
      fallbacks.push({ engine: c.engine, reason: 'backend failed to start' });
      continue;
    }
    if (c.gpu && !usesGpu()) {
      const reason =
        'loaded, but TensorFlow sees no GPU and runs on CPU (tfjs-node-gpu 4.x is built for CUDA 11.2 / cuDNN 8.1; see docs/gpu.md)';
      if (device === 'gpu') {
        fallbacks.push({ engine: c.engine, reason });
        continue;
      }
      options.warn?.(`tfjs-node-gpu ${reason}`);
      return { engine: c.engine, tfBackend: c.tfBackend, device: 'cpu', fallbacks };
    }
    if (device === 'auto' && fallbacks.length > 0)
      options.warn?.(
        `tfjs: no GPU engine, using ${c.engine} on ${c.gpu ? 'gpu' : 'cpu'} (${fallbacks.map((f) => `${f.engine}: ${f.reason}`).join('; ')})`,
      );
    return { engine: c.engine, tfBackend: c.tfBackend, device: c.gpu ? 'gpu' : 'cpu', fallbacks };
  }
  const tried = fallbacks.map((f) => `${f.engine}: ${f.reason}`).join('; ');
  throw new InferenceError(
    'BACKEND_UNAVAILABLE',
    device === 'gpu'
      ? `device 'gpu' requested but no tfjs GPU engine works (tried ${tried})`
      : `no tfjs engine works (tried ${tried})`,
  );
}

/** tfjs-node's backend reports whether TensorFlow placed ops on a GPU. */
function usesGpu(): boolean {
  return (tf.backend() as unknown as { isUsingGpuDevice?: boolean }).isUsingGpuDevice === true;
}

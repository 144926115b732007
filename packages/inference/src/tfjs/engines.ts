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

/** How starting one engine went: started (and whether it placed ops on a GPU), or why not. */
type Start = { ok: true; gpu: boolean } | { ok: false; reason: string };

/**
 * Each engine is started once per process (per loader) and every caller awaits that same start. tfjs-core drops an
 * asynchronous backend start (wasm) that is overtaken by a second `setBackend` of the same name: without this, a
 * second model loaded concurrently would see wasm "fail" and quietly land on the cpu engine.
 */
const starts = new WeakMap<ModuleLoader, Map<TfjsEngine, Promise<Start>>>();

function startOnce(c: Candidate, load: ModuleLoader): Promise<Start> {
  let byEngine = starts.get(load);
  if (!byEngine) {
    byEngine = new Map();
    starts.set(load, byEngine);
  }
  let start = byEngine.get(c.engine);
  if (!start) {
    start = startEngine(c, load);
    byEngine.set(c.engine, start);
  }
  return start;
}

async function startEngine(c: Candidate, load: ModuleLoader): Promise<Start> {
  try {
    await load(c.module);
  } catch (err) {
    return { ok: false, reason: `not loadable: ${reasonOf(err)}` };
  }
  if (!tf.findBackendFactory(c.tfBackend))
    return {
      ok: false,
      reason: `loaded, but its '${c.tfBackend}' backend is registered with another copy of @tensorflow/tfjs-core (install the same 4.22.0 version once)`,
    };
  try {
    if (!(await tf.setBackend(c.tfBackend))) return { ok: false, reason: 'backend failed to start' };
  } catch (err) {
    return { ok: false, reason: `backend failed to start: ${reasonOf(err)}` };
  }
  return { ok: true, gpu: usesGpu(c.tfBackend) };
}

/**
 * Loads and activates the first engine that works for `device` (and `only`, to force one engine).
 * `device: 'gpu'` without a working GPU binding is a INFERENCE_BACKEND_UNAVAILABLE error naming what was tried and why.
 */
export async function selectTfjsEngine(
  device: 'auto' | DeviceName,
  options: SelectOptions & { only?: TfjsEngine } = {},
): Promise<TfjsChoice> {
  const load = options.load ?? defaultLoad;
  const fallbacks: { engine: string; reason: string }[] = [];
  for (const c of tfjsCandidates(device, options.only)) {
    const start = await startOnce(c, load);
    if (!start.ok) {
      fallbacks.push({ engine: c.engine, reason: start.reason });
      continue;
    }
    if (c.gpu && !start.gpu) {
      const reason =
        'loaded, but TensorFlow sees no GPU and runs on CPU (tfjs-node-gpu 4.x is built for CUDA 11.2 / cuDNN 8.1; see docs/gpu.md)';
      if (device === 'gpu') {
        fallbacks.push({ engine: c.engine, reason });
        continue;
      }
      options.warn?.(`tfjs-node-gpu ${reason}`);
      await activate(c.tfBackend);
      return { engine: c.engine, tfBackend: c.tfBackend, device: 'cpu', fallbacks };
    }
    if (device === 'auto' && fallbacks.length > 0)
      options.warn?.(
        `tfjs: no GPU engine, using ${c.engine} on ${c.gpu ? 'gpu' : 'cpu'} (${fallbacks.map((f) => `${f.engine}: ${f.reason}`).join('; ')})`,
      );
    await activate(c.tfBackend);
    return { engine: c.engine, tfBackend: c.tfBackend, device: c.gpu ? 'gpu' : 'cpu', fallbacks };
  }
  const tried = fallbacks.map((f) => `${f.engine}: ${f.reason}`).join('; ');
  throw new InferenceError(
    'INFERENCE_BACKEND_UNAVAILABLE',
    device === 'gpu'
      ? `device 'gpu' requested but no tfjs GPU engine works (tried ${tried})`
      : `no tfjs engine works (tried ${tried})`,
  );
}

/** Makes an already started backend the active one (another caller may have switched since). */
async function activate(tfBackend: string): Promise<void> {
  if (tf.getBackend() !== tfBackend) await tf.setBackend(tfBackend);
}

/** tfjs-node's backend reports whether TensorFlow placed ops on a GPU. */
function usesGpu(tfBackend: string): boolean {
  return (tf.findBackend(tfBackend) as unknown as { isUsingGpuDevice?: boolean } | null)?.isUsingGpuDevice === true;
}

/** `loadModel`: one entry point for every backend, with `SUBNETKIT_BACKEND` / `SUBNETKIT_DEVICE` overrides. */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { InferenceError } from './errors.js';
import type { DeviceName, Model } from './model.js';
import { loadOnnxModel } from './onnx/model.js';
import type { TfjsEngine } from './tfjs/engines.js';
import { loadTfjsModel } from './tfjs/model.js';

export interface LoadModelOptions {
  /** `auto` picks by file: `.onnx` or bytes → onnx, a directory or `model.json` → tfjs. Env `SUBNETKIT_BACKEND` wins. */
  backend?: 'auto' | 'tfjs' | 'onnx';
  /**
   * `auto` uses a GPU when one works and falls back to CPU (logged once); `gpu` without a usable GPU is an error that
   * names what was tried and why it failed. Env `SUBNETKIT_DEVICE` wins.
   */
  device?: 'auto' | DeviceName;
  /** Force one tfjs engine (`tfjs-wasm`, `tfjs-cpu`, …), e.g. to compare them. */
  tfjsEngine?: TfjsEngine;
  /** Where fallback notices go. Default `console.warn`, each distinct notice once per process. */
  warn?: (message: string) => void;
  /** Environment to read the overrides from. Default `process.env`. */
  env?: Record<string, string | undefined>;
}

const BACKENDS = ['auto', 'tfjs', 'onnx'] as const;
const DEVICES = ['auto', 'cpu', 'gpu'] as const;

function pick<T extends string>(name: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined || value === '') return fallback;
  if (!(allowed as readonly string[]).includes(value))
    throw new InferenceError(
      'INFERENCE_INVALID_OPTIONS',
      `${name} must be one of ${allowed.join(', ')}; got '${value}'`,
    );
  return value as T;
}

/** The backend and device a load would use, after the environment overrides. */
export function resolveTarget(options: LoadModelOptions = {}): {
  backend: 'auto' | 'tfjs' | 'onnx';
  device: 'auto' | DeviceName;
} {
  const env = options.env ?? process.env;
  const backend = pick('backend', options.backend, BACKENDS, 'auto');
  const device = pick('device', options.device, DEVICES, 'auto');
  return {
    backend: pick('SUBNETKIT_BACKEND', env.SUBNETKIT_BACKEND, BACKENDS, backend),
    device: pick('SUBNETKIT_DEVICE', env.SUBNETKIT_DEVICE, DEVICES, device),
  };
}

/**
 * Loads a model: an ONNX file or its bytes (onnxruntime-node), or a tfjs layers model directory / model.json.
 * A missing or corrupt file is a `INFERENCE_MODEL_LOAD` error; an unusable requested device is `INFERENCE_BACKEND_UNAVAILABLE`.
 *
 * @example
 * const model = await loadModel('./models/mlp.onnx', { device: 'auto' });
 * console.log(model.backend, model.engine, model.device, model.inputs);
 */
export async function loadModel(source: string | Uint8Array, options: LoadModelOptions = {}): Promise<Model> {
  const { backend, device } = resolveTarget(options);
  const warn = options.warn ?? warnOnce;
  const kind = backend === 'auto' ? await detect(source) : backend;
  if (kind === 'onnx') return loadOnnxModel(source, { device, warn });
  if (typeof source !== 'string')
    throw new InferenceError(
      'INFERENCE_INVALID_OPTIONS',
      'a tfjs model is loaded from a path (a directory or its model.json)',
    );
  return loadTfjsModel(source, { device, warn, ...(options.tfjsEngine ? { engine: options.tfjsEngine } : {}) });
}

const warned = new Set<string>();

/** The default notice sink: each distinct fallback is told once per process, however many models load. */
function warnOnce(message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  console.warn(`[subnetkit/inference] ${message}`);
}

async function detect(source: string | Uint8Array): Promise<'tfjs' | 'onnx'> {
  if (typeof source !== 'string') return 'onnx';
  if (/\.onnx$/i.test(source)) return 'onnx';
  if (/\.json$/i.test(source)) return 'tfjs';
  try {
    if ((await stat(source)).isDirectory()) return 'tfjs';
  } catch (err) {
    throw new InferenceError('INFERENCE_MODEL_LOAD', `model file ${resolve(source)} does not exist`, { cause: err });
  }
  return 'onnx';
}

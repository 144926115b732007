/**
 * Which onnxruntime execution providers to try for a device. The npm package ships the CPU provider; the CUDA
 * provider's libraries are only present when the user installed with `ONNXRUNTIME_NODE_INSTALL=cuda12` (this repo's
 * `.npmrc` skips that download so installs stay offline).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { InferenceError } from '../errors.js';
import type { DeviceName } from '../model.js';

export type OnnxProvider = 'cuda' | 'cpu';

export const CUDA_HINT =
  'reinstall onnxruntime-node with ONNXRUNTIME_NODE_INSTALL=cuda12 (needs CUDA 12 and cuDNN 9; see docs/gpu.md)';

/** True when onnxruntime-node's CUDA provider library sits beside its native binding. */
export function cudaProviderInstalled(): boolean {
  if (process.platform !== 'linux' && process.platform !== 'win32') return false;
  try {
    const req = createRequire(import.meta.url);
    const root = dirname(req.resolve('onnxruntime-node/package.json'));
    const lib = process.platform === 'win32' ? 'onnxruntime_providers_cuda.dll' : 'libonnxruntime_providers_cuda.so';
    for (const napi of ['napi-v6', 'napi-v3'])
      if (existsSync(join(root, 'bin', napi, process.platform, process.arch, lib))) return true;
  } catch {
    // onnxruntime-node not resolvable: then no provider at all; loading the model says so.
  }
  return false;
}

export interface ProviderPlan {
  /** Providers to try in order; the first that creates a session wins. */
  tries: OnnxProvider[];
  /** Providers left out before trying, and why. */
  skipped: { engine: string; reason: string }[];
}

/** The plan for a device: `gpu` → cuda only (an error when not installed), `auto` → cuda if installed then cpu. */
export function planProviders(device: 'auto' | DeviceName, cudaInstalled: boolean): ProviderPlan {
  if (device === 'cpu') return { tries: ['cpu'], skipped: [] };
  if (!cudaInstalled) {
    const skipped = [{ engine: 'onnx-cuda', reason: `CUDA provider not installed: ${CUDA_HINT}` }];
    if (device === 'gpu')
      throw new InferenceError(
        'INFERENCE_BACKEND_UNAVAILABLE',
        `device 'gpu' requested but onnxruntime-node has no CUDA provider (tried onnx-cuda: ${skipped[0]?.reason})`,
      );
    return { tries: ['cpu'], skipped };
  }
  return device === 'gpu' ? { tries: ['cuda'], skipped: [] } : { tries: ['cuda', 'cpu'], skipped: [] };
}

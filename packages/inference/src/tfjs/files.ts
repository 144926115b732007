/**
 * tfjs layers models on disk (`model.json` + `weights.bin`, the layout tfjs-node's `file://` handler and the Python
 * converter write) through tfjs-core's IO handler API, so no native binding is needed.
 */
import { mkdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { isAtomicWriteError, writeFileAtomic } from '@subnetkit/synapse/atomic-write';
import * as tf from '@tensorflow/tfjs-core';
import { InferenceError } from '../errors.js';

const MODEL_JSON = 'model.json';
const WEIGHTS_BIN = 'weights.bin';

/** `dir` or `dir/model.json` → the model.json path. */
export async function modelJsonPath(path: string): Promise<string> {
  const full = resolve(path);
  try {
    return (await stat(full)).isDirectory() ? join(full, MODEL_JSON) : full;
  } catch (err) {
    throw new InferenceError('INFERENCE_MODEL_LOAD', `model file ${full} does not exist`, { cause: err });
  }
}

/** An IO handler reading a model.json and the weight files its manifest names. */
export function fileLoadHandler(jsonPath: string): tf.io.IOHandler {
  return {
    load: async () => {
      let json: tf.io.ModelJSON;
      try {
        json = JSON.parse(await readFile(jsonPath, 'utf8')) as tf.io.ModelJSON;
      } catch (err) {
        throw new InferenceError(
          'INFERENCE_MODEL_LOAD',
          `${jsonPath} is not a readable tfjs model.json: ${(err as Error).message}`,
          {
            cause: err,
          },
        );
      }
      if (!json || typeof json !== 'object' || !json.modelTopology)
        throw new InferenceError(
          'INFERENCE_MODEL_LOAD',
          `${jsonPath} has no modelTopology: it is not a tfjs layers model.json`,
        );
      return tf.io.getModelArtifactsForJSON(json, async (manifest) => {
        const buffers: ArrayBuffer[] = [];
        for (const group of manifest) {
          for (const p of group.paths) {
            const file = join(dirname(jsonPath), p);
            try {
              const b = await readFile(file);
              buffers.push(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer);
            } catch (err) {
              throw new InferenceError('INFERENCE_MODEL_LOAD', `weights file ${file} named by ${jsonPath} is missing`, {
                cause: err,
              });
            }
          }
        }
        const specs = tf.io.getWeightSpecs(manifest);
        const data = tf.io.concatenateArrayBuffers(buffers);
        const need = specs.reduce((n, s) => n + bytesOf(s), 0);
        if (data.byteLength !== need)
          throw new InferenceError(
            'INFERENCE_MODEL_LOAD',
            `weights of ${jsonPath} hold ${data.byteLength} bytes, the manifest needs ${need} (truncated or wrong file)`,
          );
        return [specs, data];
      });
    },
  };
}

function bytesOf(s: tf.io.WeightsManifestEntry): number {
  const n = s.shape.reduce((a, b) => a * b, 1);
  const q = s.quantization;
  if (q) return n * (q.dtype === 'uint16' || q.dtype === 'float16' ? 2 : 1);
  return n * (s.dtype === 'float32' || s.dtype === 'int32' ? 4 : s.dtype === 'bool' ? 1 : 4);
}

/** An IO handler writing model.json + weights.bin into `dir` (each with the shared atomic write). */
export function fileSaveHandler(dir: string): tf.io.IOHandler {
  return {
    save: async (artifacts) => {
      const target = resolve(dir);
      try {
        await mkdir(target, { recursive: true });
        const data = artifacts.weightData
          ? tf.io.CompositeArrayBuffer.join(artifacts.weightData as ArrayBuffer | ArrayBuffer[])
          : new ArrayBuffer(0);
        const manifest: tf.io.WeightsManifestConfig = [{ paths: [WEIGHTS_BIN], weights: artifacts.weightSpecs ?? [] }];
        const json: tf.io.ModelJSON = {
          modelTopology: artifacts.modelTopology as object,
          weightsManifest: manifest,
          format: artifacts.format ?? 'layers-model',
          generatedBy: artifacts.generatedBy ?? 'subnetkit',
          convertedBy: artifacts.convertedBy ?? null,
          ...(artifacts.trainingConfig ? { trainingConfig: artifacts.trainingConfig } : {}),
          ...(artifacts.userDefinedMetadata ? { userDefinedMetadata: artifacts.userDefinedMetadata } : {}),
        };
        await writeFileAtomic(join(target, WEIGHTS_BIN), new Uint8Array(data));
        await writeFileAtomic(join(target, MODEL_JSON), JSON.stringify(json));
        return {
          modelArtifactsInfo: {
            dateSaved: new Date(),
            modelTopologyType: 'JSON',
            weightDataBytes: data.byteLength,
          },
        };
      } catch (err) {
        throw new InferenceError('INFERENCE_MODEL_SAVE', `cannot save the model to ${target}`, {
          cause: err,
          metaMessages: isAtomicWriteError(err) ? err.metaMessages : [],
        });
      }
    },
  };
}

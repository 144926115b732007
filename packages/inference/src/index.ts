/**
 * @subnetkit/inference: models behind a miner — one Model interface over tfjs and onnxruntime-node, device selection
 * with honest fallbacks, model files, ONNX export, and dynamic batching with metrics. Knows no transport: the axon
 * helper lives in `@subnetkit/inference/axon`. See README.md.
 */
export {
  type Batcher,
  type BatcherInfo,
  type BatcherOptions,
  type BatchPredictOptions,
  createBatcher,
} from './batcher.js';
export { InferenceError, type InferenceErrorCode, OverloadedError } from './errors.js';
export { exportOnnx, ONNX_OPSET } from './export/onnx.js';
export { type LoadModelOptions, loadModel, resolveTarget } from './load.js';
export { InferenceMetrics, inferenceMetrics } from './metrics.js';
export type {
  BackendName,
  DeviceName,
  Model,
  PredictOptions,
  Tensor,
  TensorArray,
  TensorSpec,
  Tensors,
} from './model.js';
export { loadOnnxModel, type OnnxLoadOptions } from './onnx/model.js';
export { fromWire, normalizeDtype, toWire, validateSample } from './tensor.js';
export { type SelectOptions, selectTfjsEngine, type TfjsChoice, type TfjsEngine } from './tfjs/engines.js';
export { fromLayersModel, layersModelOf, loadTfjsModel, saveTfjsModel, type TfjsLoadOptions } from './tfjs/model.js';

/**
 * ONNX export of the small tfjs layers models subnetkit trains: a chain of Dense, Conv2D, MaxPooling2D, Flatten,
 * Dropout, and activations (relu, softmax, sigmoid, tanh, linear) as layers or as a layer's `activation`. The protobuf
 * is written with `onnx-proto` (ONNX's own schema); tfjs's NHWC images are transposed to ONNX's NCHW around the
 * convolution ops, and back before Flatten, so the flattened order (and every weight after it) stays tfjs's.
 */
import type * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import pkg from 'onnx-proto';
import { InferenceError } from '../errors.js';
import type { Model } from '../model.js';
import { ioNames, layersModelOf } from '../tfjs/model.js';

const { onnx } = pkg;
const FLOAT = onnx.TensorProto.DataType.FLOAT;
const A = onnx.AttributeProto.AttributeType;
export const ONNX_OPSET = 13;

type Layout = 'NHWC' | 'NCHW' | 'flat';

interface Builder {
  nodes: import('onnx-proto').onnx.INodeProto[];
  inits: import('onnx-proto').onnx.ITensorProto[];
  n: number;
}

function fail(message: string): never {
  throw new InferenceError('INFERENCE_MODEL_SAVE', `ONNX export: ${message}`);
}

function fresh(b: Builder, hint: string): string {
  b.n++;
  return `${hint}_${b.n}`;
}

function node(b: Builder, opType: string, input: string[], attrs: import('onnx-proto').onnx.IAttributeProto[] = []) {
  const output = fresh(b, opType.toLowerCase());
  b.nodes.push({ opType, input, output: [output], name: output, attribute: attrs });
  return output;
}

const ints = (name: string, v: number[]) => ({ name, type: A.INTS, ints: v });
const int = (name: string, v: number) => ({ name, type: A.INT, i: v });
const str = (name: string, v: string) => ({ name, type: A.STRING, s: new TextEncoder().encode(v) });

function initializer(b: Builder, hint: string, data: Float32Array, dims: number[]): string {
  const name = fresh(b, hint);
  b.inits.push({ name, dataType: FLOAT, dims, rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) });
  return name;
}

function activation(b: Builder, x: string, name: string | undefined, layout: Layout): { x: string; layout: Layout } {
  switch (name ?? 'linear') {
    case 'linear':
      return { x, layout };
    case 'relu':
      return { x: node(b, 'Relu', [x]), layout };
    case 'sigmoid':
      return { x: node(b, 'Sigmoid', [x]), layout };
    case 'tanh':
      return { x: node(b, 'Tanh', [x]), layout };
    case 'softmax': {
      const y = toLayout(b, x, layout, 'NHWC'); // tfjs softmax is over the last (channels) axis
      return { x: node(b, 'Softmax', [y.x], [int('axis', -1)]), layout: y.layout };
    }
    default:
      return fail(`activation '${name}' is not supported (relu, softmax, sigmoid, tanh, linear are)`);
  }
}

function toLayout(b: Builder, x: string, from: Layout, to: 'NHWC' | 'NCHW'): { x: string; layout: Layout } {
  if (from === to || from === 'flat') return { x, layout: from };
  const perm = to === 'NCHW' ? [0, 3, 1, 2] : [0, 2, 3, 1];
  return { x: node(b, 'Transpose', [x], [ints('perm', perm)]), layout: to };
}

function weights(layer: tfl.layers.Layer): Float32Array[] {
  return layer.getWeights().map((w: tf.Tensor) => w.dataSync() as Float32Array);
}

function padding(cfg: Record<string, unknown>) {
  const p = cfg.padding;
  if (p === 'valid') return [str('auto_pad', 'VALID')];
  if (p === 'same') return [str('auto_pad', 'SAME_UPPER')]; // tfjs puts the odd pad at the end, as SAME_UPPER
  return fail(`padding '${String(p)}' is not supported`);
}

function pair(v: unknown, name: string): number[] {
  const a = Array.isArray(v) ? v.map(Number) : [Number(v), Number(v)];
  if (a.length !== 2 || a.some((x) => !Number.isInteger(x))) fail(`${name} ${JSON.stringify(v)} is not a 2-D size`);
  return a;
}

function addLayer(b: Builder, layer: tfl.layers.Layer, x: string, layout: Layout): { x: string; layout: Layout } {
  const cls = layer.getClassName();
  const cfg = layer.getConfig() as Record<string, unknown>;
  switch (cls) {
    case 'InputLayer':
    case 'Dropout':
      return { x, layout };
    case 'Dense': {
      if (layout !== 'flat') fail(`Dense '${layer.name}' on a ${layout} tensor (add Flatten first)`);
      const [kernel, bias] = weights(layer);
      const [inDim, units] = layer.getWeights()[0]?.shape ?? [];
      const w = initializer(b, `${layer.name}_kernel`, kernel as Float32Array, [inDim as number, units as number]);
      const inputs = [x, w];
      if (bias) inputs.push(initializer(b, `${layer.name}_bias`, bias, [units as number]));
      const y = node(b, 'Gemm', inputs);
      return activation(b, y, cfg.activation as string | undefined, 'flat');
    }
    case 'Conv2D': {
      if (cfg.dataFormat !== undefined && cfg.dataFormat !== 'channelsLast')
        fail(`Conv2D '${layer.name}': only channelsLast is supported`);
      const [kernel, bias] = weights(layer);
      const shape = layer.getWeights()[0]?.shape;
      if (!kernel || !shape) return fail(`Conv2D '${layer.name}' has no kernel`);
      const [kh, kw, cin, cout] = shape as [number, number, number, number];
      // tfjs kernel [kh, kw, in, out] → ONNX [out, in, kh, kw]
      const w = new Float32Array(kernel.length);
      for (let h = 0; h < kh; h++)
        for (let c = 0; c < kw; c++)
          for (let i = 0; i < cin; i++)
            for (let o = 0; o < cout; o++)
              w[((o * cin + i) * kh + h) * kw + c] = kernel[((h * kw + c) * cin + i) * cout + o] as number;
      const { x: xin } = toLayout(b, x, layout, 'NCHW');
      const inputs = [xin, initializer(b, `${layer.name}_kernel`, w, [cout, cin, kh, kw])];
      if (bias) inputs.push(initializer(b, `${layer.name}_bias`, bias, [cout]));
      const y = node(b, 'Conv', inputs, [
        ints('kernel_shape', [kh, kw]),
        ints('strides', pair(cfg.strides ?? 1, 'strides')),
        ints('dilations', pair(cfg.dilationRate ?? 1, 'dilationRate')),
        ...padding(cfg),
      ]);
      return activation(b, y, cfg.activation as string | undefined, 'NCHW');
    }
    case 'MaxPooling2D': {
      const { x: xin } = toLayout(b, x, layout, 'NCHW');
      const size = pair(cfg.poolSize ?? 2, 'poolSize');
      const y = node(
        b,
        'MaxPool',
        [xin],
        [ints('kernel_shape', size), ints('strides', pair(cfg.strides ?? size, 'strides')), ...padding(cfg)],
      );
      return { x: y, layout: 'NCHW' };
    }
    case 'Flatten': {
      const y = toLayout(b, x, layout, 'NHWC');
      return { x: node(b, 'Flatten', [y.x], [int('axis', 1)]), layout: 'flat' };
    }
    case 'Activation':
      return activation(b, x, cfg.activation as string, layout);
    case 'ReLU':
      if (cfg.maxValue != null) fail(`ReLU '${layer.name}' with maxValue is not supported`);
      return { x: node(b, 'Relu', [x]), layout };
    case 'Softmax': {
      const rank = (layer.outputShape as number[]).length;
      if (cfg.axis !== undefined && cfg.axis !== -1 && cfg.axis !== rank - 1)
        fail(`Softmax '${layer.name}' over axis ${cfg.axis} (only the last axis is supported)`);
      return activation(b, x, 'softmax', layout);
    }
    default:
      return fail(`layer '${layer.name}' (${cls}) is not supported`);
  }
}

/**
 * The ONNX bytes of a tfjs layers model (or a tfjs-backed Model). One float32 input, one output, a chain of layers.
 * The batch dimension is dynamic (`N`). Throws INFERENCE_MODEL_SAVE naming the first unsupported layer.
 *
 * @example
 * await writeFile('mlp.onnx', exportOnnx(layersModel));
 */
export function exportOnnx(source: tfl.LayersModel | Model): Uint8Array {
  const model = source instanceof tfl.LayersModel ? source : layersModelOf(source);
  if (!model) return fail('only tfjs layers models can be exported');
  if (model.inputs.length !== 1 || model.outputs.length !== 1) fail('only one-input, one-output models are supported');
  const input = model.inputs[0] as tfl.SymbolicTensor;
  if (input.dtype !== 'float32') fail(`input dtype ${input.dtype} (only float32 is supported)`);
  const b: Builder = { nodes: [], inits: [], n: 0 };
  const names = ioNames(model);
  const inName = names.inputs[0] as string;
  const rank = input.shape.length;
  let state: { x: string; layout: Layout } = { x: inName, layout: rank === 4 ? 'NHWC' : rank === 2 ? 'flat' : 'NHWC' };
  if (rank !== 2 && rank !== 4) fail(`input rank ${rank} (2: [N, features] or 4: [N, H, W, C] are supported)`);
  let prev: tfl.layers.Layer | undefined;
  for (const layer of model.layers) {
    const inbound = layer.inboundNodes[0]?.inboundLayers ?? [];
    if (prev && (inbound.length !== 1 || inbound[0] !== prev)) fail(`layer '${layer.name}' is not a plain chain link`);
    state = addLayer(b, layer, state.x, state.layout);
    prev = layer;
  }
  if (state.layout === 'NCHW') state = toLayout(b, state.x, state.layout, 'NHWC');
  const output = model.outputs[0] as tfl.SymbolicTensor;
  const outName = names.outputs[0] as string;
  b.nodes.push({ opType: 'Identity', input: [state.x], output: [outName], name: 'output' });
  const valueInfo = (name: string, shape: (number | null)[]) => ({
    name,
    type: {
      tensorType: {
        elemType: FLOAT,
        shape: { dim: shape.map((d) => (d === null ? { dimParam: 'N' } : { dimValue: d })) },
      },
    },
  });
  const proto = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'subnetkit',
    opsetImport: [{ domain: '', version: ONNX_OPSET }],
    graph: {
      name: model.name,
      node: b.nodes,
      initializer: b.inits,
      input: [valueInfo(inName, input.shape)],
      output: [valueInfo(outName, output.shape)],
    },
  });
  return onnx.ModelProto.encode(proto).finish();
}

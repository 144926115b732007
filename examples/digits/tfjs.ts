/**
 * tfjs for training the miners' models: the WASM backend (SIMD, ~5-10× the pure-JS CPU backend here), with the
 * pure-JS CPU backend as the fallback. tfjs-backend-wasm 4.22 has no `Conv2DBackpropFilter` kernel, which training a
 * Conv2D layer needs; it does have `Conv3DBackpropFilterV2`, and a 2-D convolution is a 3-D one of depth 1, so the
 * missing kernel is registered as that (same memory layout, no copy). Only stride 1 is routed this way: the WASM
 * 3-D kernel disagrees with the CPU backend at stride > 1 (measured), so our recipes use stride-1 convolutions.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-layers'; // registers the gradients of every op

let ready: Promise<string> | undefined;

/** Activates the fastest backend available here for training ('wasm', else 'cpu') and returns its name. */
export function trainingBackend(): Promise<string> {
  ready ??= (async () => {
    registerWasmConvFilterGradient();
    for (const name of ['wasm', 'cpu']) {
      try {
        if (await tf.setBackend(name)) return name;
      } catch {
        // try the next one
      }
    }
    throw new Error('neither the tfjs wasm nor the cpu backend could start');
  })();
  return ready;
}

interface TensorInfoLike {
  dataId: object;
  shape: number[];
  dtype: string;
}

function registerWasmConvFilterGradient(): void {
  if (tf.getKernel('Conv2DBackpropFilter', 'wasm')) return;
  const conv3d = tf.getKernel('Conv3DBackpropFilterV2', 'wasm');
  if (!conv3d) return;
  tf.registerKernel({
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const x = inputs.x as unknown as TensorInfoLike;
      const dy = inputs.dy as unknown as TensorInfoLike;
      const { strides, pad, filterShape, dataFormat, dilations } = attrs as unknown as {
        strides: number | [number, number];
        pad: unknown;
        filterShape: [number, number, number, number];
        dataFormat?: string;
        dilations?: number | [number, number];
      };
      const [sh, sw] = typeof strides === 'number' ? [strides, strides] : strides;
      const dilated =
        dilations !== undefined && (typeof dilations === 'number' ? dilations : Math.max(...dilations)) > 1;
      if (sh !== 1 || sw !== 1 || dilated || (dataFormat && dataFormat !== 'NHWC') || typeof pad !== 'string')
        throw new Error(
          `Conv2D training on the wasm backend supports stride 1, no dilation, NHWC and 'same'/'valid' padding only (got strides ${strides}, pad ${JSON.stringify(pad)})`,
        );
      const [kh, kw, ci, co] = filterShape;
      const depth1 = (t: TensorInfoLike) => ({ ...t, shape: [t.shape[0] as number, 1, ...t.shape.slice(1)] });
      const dw = conv3d.kernelFunc({
        backend,
        inputs: { x: depth1(x), dy: depth1(dy) } as unknown as tf.NamedTensorInfoMap,
        attrs: { strides: [1, 1, 1], pad, filterShape: [1, kh, kw, ci, co] },
      }) as TensorInfoLike;
      return { ...dw, shape: [kh, kw, ci, co] } as tf.TensorInfo;
    },
  });
}

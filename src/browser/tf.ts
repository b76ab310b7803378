// The TensorFlow.js the page bundles in place of @tensorflow/tfjs (an esbuild alias, see package.json's
// "build"): the core ops, their chained forms (tensor.toFloat()) and the cpu backend, without layers,
// converter, data, webgl or gradients, which the page never uses — less than half the bytes.
export * from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import '@tensorflow/tfjs-backend-cpu';

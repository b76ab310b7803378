// `npm run build:kernel`: reassembles src/model/lstm-wasm.ts from src/model/lstm.wat.

import { writeFileAtomically } from '../common/atomic.ts';
import { assembleKernel, KERNEL_MODULE, kernelTypeScript } from '../model/kernel-build.ts';

try {
  const bytes = await assembleKernel();
  await writeFileAtomically(KERNEL_MODULE, kernelTypeScript(bytes));
  console.log(`wrote ${KERNEL_MODULE} (${bytes.length} bytes of WebAssembly)`);
} catch (error) {
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

// Picks the TensorFlow.js backend once per process: tfjs-node when it is installed (native, fastest on a
// normal machine), else wasm (SIMD; ships inside its npm package), else the pure-JS cpu backend.
// TF_BACKEND=node|wasm|cpu overrides. The choice and the reason are logged once and queryable.

import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

export interface BackendInfo {
  /** tfjs's own name: 'tensorflow' (tfjs-node), 'wasm' or 'cpu'. */
  name: string;
  reason: string;
}

const CHOICES = ['node', 'wasm', 'cpu'] as const;
type Choice = (typeof CHOICES)[number];

let active: BackendInfo | undefined;
let pending: Promise<BackendInfo> | undefined;

async function tryNode(): Promise<string | undefined> {
  // A variable specifier keeps TypeScript and bundlers from requiring the optional package at build time.
  const specifier = '@tensorflow/tfjs-node';
  try {
    await import(specifier);
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND' || (error as { code?: string }).code === 'MODULE_NOT_FOUND'
      ? '@tensorflow/tfjs-node is not installed (its install needs a download this machine cannot make)'
      : `@tensorflow/tfjs-node failed to load: ${(error as Error).message.split('\n')[0]}`;
  }
}

async function use(name: string): Promise<boolean> {
  try {
    return (await tf.setBackend(name)) && tf.getBackend() === name;
  } catch {
    return false;
  }
}

async function select(log: (line: string) => void): Promise<BackendInfo> {
  const requested = process.env.TF_BACKEND?.trim().toLowerCase();
  if (requested && !(CHOICES as readonly string[]).includes(requested)) {
    throw new Error(`TF_BACKEND must be one of ${CHOICES.join(', ')}, got "${requested}"`);
  }
  const order: Choice[] = requested ? [requested as Choice] : [...CHOICES];
  const notes: string[] = [];
  for (const choice of order) {
    if (choice === 'node') {
      const failure = await tryNode();
      if (failure === undefined && (await use('tensorflow'))) {
        return finish({ name: 'tensorflow', reason: requested ? 'TF_BACKEND=node' : 'tfjs-node is installed (native TensorFlow)' }, log);
      }
      notes.push(failure ?? 'tfjs-node loaded but its backend did not start');
    } else if (await use(choice)) {
      const why = requested ? `TF_BACKEND=${choice}` : notes.length > 0 ? notes.join('; ') : 'first available';
      return finish({ name: choice, reason: why }, log);
    } else {
      notes.push(`${choice} backend did not start`);
    }
  }
  throw new Error(`no TensorFlow.js backend could start: ${notes.join('; ')}`);
}

function finish(info: BackendInfo, log: (line: string) => void): BackendInfo {
  active = info;
  log(`tfjs backend: ${info.name} (${info.reason})`);
  return info;
}

/** Selects and readies the backend (once); later calls return the same choice. */
export function initBackend(log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<BackendInfo> {
  pending ??= select(log);
  return pending;
}

/** The backend chosen by initBackend; throws if called before it. */
export function backendInfo(): BackendInfo {
  if (!active) throw new Error('initBackend() has not run');
  return active;
}

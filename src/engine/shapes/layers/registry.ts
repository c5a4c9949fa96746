/**
 * The layer catalogue: every framework layer and functional op the shape engine knows, looked up by fully
 * qualified name (`torch.nn.Conv2d`, `torch.nn.functional.relu`, `keras.layers.Dense`).
 * Lookups are Map-based; `tensorflow.keras.*` / `tf.keras.*` resolve to `keras.*`.
 */
import type { FunctionDef, LayerDef } from '../contract';
import { activationFunctions, activationLayers } from './torch/activation';
import { adaptiveSoftmaxLayers } from './torch/adaptive_softmax';
import { attentionLayers } from './torch/attention';
import { convFunctions, convLayers } from './torch/conv';
import { dropoutFunctions, dropoutLayers } from './torch/dropout';
import { embeddingFunctions, embeddingLayers } from './torch/embedding';
import { linearFunctions, linearLayers } from './torch/linear';
import { lossFunctions, lossLayers } from './torch/loss';
import { normFunctions, normLayers } from './torch/norm';
import { poolFunctions, poolLayers } from './torch/pool';
import { recurrentLayers } from './torch/recurrent';
import { utilsLayers } from './torch/utils';
import { reshapeFunctions, reshapeLayers } from './torch/reshape';
import { kerasFunctions, kerasLayers } from './keras';
import { einopsFunctions, einopsLayers } from './einops';

export { bindArgs } from './binding';
export { copyLayer } from './core';

export const TORCH_LAYERS: readonly LayerDef[] = [
  ...linearLayers,
  ...convLayers,
  ...poolLayers,
  ...normLayers,
  ...dropoutLayers,
  ...activationLayers,
  ...recurrentLayers,
  ...attentionLayers,
  ...embeddingLayers,
  ...reshapeLayers,
  ...adaptiveSoftmaxLayers,
  ...lossLayers,
  ...utilsLayers,
  ...einopsLayers,
];

export const TORCH_FUNCTIONS: readonly FunctionDef[] = [
  ...linearFunctions,
  ...convFunctions,
  ...poolFunctions,
  ...normFunctions,
  ...dropoutFunctions,
  ...activationFunctions,
  ...embeddingFunctions,
  ...reshapeFunctions,
  ...lossFunctions,
  ...einopsFunctions,
];

export const KERAS_LAYERS: readonly LayerDef[] = kerasLayers;
export const KERAS_FUNCTIONS: readonly FunctionDef[] = kerasFunctions;

export const ALL_LAYERS: readonly LayerDef[] = [...TORCH_LAYERS, ...KERAS_LAYERS];
export const ALL_FUNCTIONS: readonly FunctionDef[] = [...TORCH_FUNCTIONS, ...KERAS_FUNCTIONS];

function index<T extends { names: readonly string[] }>(defs: readonly T[]): Map<string, T> {
  const map = new Map<string, T>();
  for (const d of defs) for (const n of d.names) if (!map.has(n)) map.set(n, d);
  return map;
}

const layerIndex = index(ALL_LAYERS);
const functionIndex = index(ALL_FUNCTIONS);

/** `tensorflow.keras.layers.Dense` / `tf.keras.layers.Dense` → `keras.layers.Dense`. */
function canonical(name: string): string {
  if (name.startsWith('tensorflow.keras.')) return name.slice('tensorflow.'.length);
  if (name.startsWith('tf.keras.')) return name.slice('tf.'.length);
  if (name.startsWith('tensorflow.python.keras.')) return name.slice('tensorflow.python.'.length);
  return name;
}

export function lookupLayer(qualifiedName: string): LayerDef | undefined {
  return layerIndex.get(qualifiedName) ?? layerIndex.get(canonical(qualifiedName));
}

export function lookupFunction(qualifiedName: string): FunctionDef | undefined {
  return functionIndex.get(qualifiedName) ?? functionIndex.get(canonical(qualifiedName));
}

/** Every qualified name the catalogue answers to (for completions and documentation). */
export function layerNames(): string[] {
  return [...layerIndex.keys()];
}

export function functionNames(): string[] {
  return [...functionIndex.keys()];
}

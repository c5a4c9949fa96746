/** The Keras part of the catalogue (`keras.layers.*`, `keras.Input`, `keras.layers.concatenate`…). */
import type { FunctionDef, LayerDef } from '../../contract';
import { kerasAttentionLayers } from './attention';
import { kerasConvLayers } from './conv';
import { kerasCoreFunctions, kerasCoreLayers } from './core_layers';
import { kerasNormLayers } from './norm';
import { kerasPreprocessingLayers } from './preprocessing';
import { kerasRecurrentLayers } from './recurrent';

export const kerasLayers: LayerDef[] = [...kerasCoreLayers, ...kerasConvLayers, ...kerasNormLayers, ...kerasRecurrentLayers, ...kerasAttentionLayers, ...kerasPreprocessingLayers];
export const kerasFunctions: FunctionDef[] = [...kerasCoreFunctions];

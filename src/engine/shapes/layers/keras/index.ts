import type { FunctionDef, LayerDef } from '../../contract';

export const kerasLayers: LayerDef[] = [];
export const kerasFunctions: FunctionDef[] = [];

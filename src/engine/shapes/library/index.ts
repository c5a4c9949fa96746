/**
 * Library blocks bundled with the engine: short Python definitions, written for ML Lens, of the building
 * blocks real model code imports from libraries (torchvision.ops, torchvision.models._utils, timm.layers,
 * einops). They are interpreted exactly like user code, so a block is as exact as the torch.nn layers it is
 * made of, and a new library needs Python, not new engine code.
 *
 * Each entry is the text of one module, keyed by its dotted name. A project file with the same name (or a
 * caller-supplied module) wins over the bundled one.
 */
const MODULES: Record<string, string> = {};

export function libraryModule(name: string): { source: string; isPackage: boolean; file: string } | undefined {
  if (!Object.prototype.hasOwnProperty.call(MODULES, name)) return undefined;
  // A module is a package when other bundled modules live under it (its relative imports start at itself).
  const isPackage = Object.keys(MODULES).some((k) => k.startsWith(`${name}.`));
  return { source: MODULES[name], isPackage, file: `<ML Lens library>/${name.replace(/\./g, '/')}${isPackage ? '/__init__' : ''}.py` };
}

/** Register bundled modules (each library file adds its own). */
export function defineLibrary(modules: Record<string, string>): void {
  Object.assign(MODULES, modules);
}

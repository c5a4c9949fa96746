/**
 * Whether a Python text is model code: it imports an ML framework. Files that do not are never sent to the
 * shape engine (no worker round trip, no memory) by the editor features. No `vscode` import.
 */
const ML_IMPORT = /^[ \t]*(?:import|from)[ \t]+(?:torch|tensorflow|keras|tf_keras|torchvision|timm|transformers)\b/m;

export function hasMlImports(text: string): boolean {
  return ML_IMPORT.test(text);
}

/**
 * Project imports for the CLI: the modules a file imports, read from disk relative to it, the way Python
 * finds them when the file's project is on `sys.path`: sibling modules of the file, packages (directories
 * with `__init__.py`) and relative imports inside them. Library modules (torch, numpy, …) are never looked
 * up. Bounded: at most 200 modules of at most 2 MB each.
 */
import { existsSync, readFileSync, statSync } from 'fs';
import { basename, dirname, join, resolve } from 'path';
import { isLibraryModule, type AnalyzeOptions, type ModuleSource } from '../engine/shapes';

const MAX_MODULES = 200;
const MAX_BYTES = 2 * 1024 * 1024;

/** Module name of `file` and the directories imports are searched from (its package root, its own directory). */
export function projectContext(file: string): { moduleName: string; isPackage: boolean; roots: string[] } {
  const abs = resolve(file);
  let dir = dirname(abs);
  const isPackage = basename(abs) === '__init__.py';
  const parts: string[] = isPackage ? [] : [basename(abs).replace(/\.py$/, '')];
  while (existsSync(join(dir, '__init__.py')) && dirname(dir) !== dir) {
    parts.unshift(basename(dir));
    dir = dirname(dir);
  }
  const roots = [dir];
  if (dirname(abs) !== dir) roots.push(dirname(abs));
  return { moduleName: parts.join('.') || basename(dirname(abs)), isPackage, roots };
}

/** AnalyzeOptions that let the engine read `file`'s project imports. */
export function projectImportOptions(file: string): Pick<AnalyzeOptions, 'moduleName' | 'isPackage' | 'resolveModule'> {
  const ctx = projectContext(file);
  const cache = new Map<string, ModuleSource | undefined>();
  const resolveModule = (name: string): ModuleSource | undefined => {
    if (cache.has(name)) return cache.get(name);
    let out: ModuleSource | undefined;
    if (!isLibraryModule(name) && /^[A-Za-z_][\w.]*$/.test(name) && cache.size < MAX_MODULES) {
      const rel = name.split('.');
      for (const root of ctx.roots) {
        const asFile = join(root, ...rel) + '.py';
        const asPkg = join(root, ...rel, '__init__.py');
        const path = existsSync(asFile) ? asFile : existsSync(asPkg) ? asPkg : undefined;
        if (!path || resolve(path) === resolve(file)) continue;
        try {
          if (statSync(path).size > MAX_BYTES) continue;
          out = { source: readFileSync(path, 'utf8'), isPackage: path === asPkg, file: path };
          break;
        } catch {
          /* unreadable: treated as missing */
        }
      }
    }
    cache.set(name, out);
    return out;
  };
  return { moduleName: ctx.isPackage || ctx.moduleName.includes('.') ? ctx.moduleName : undefined, isPackage: ctx.isPackage, resolveModule };
}

/**
 * `ModuleObj`: the static counterpart of a user-defined `nn.Module` subclass instance, and of the torch
 * containers `nn.Sequential`, `nn.ModuleList` and `nn.ModuleDict` (which user classes may also subclass).
 *
 * Children are kept in registration order, exactly as `named_children()` lists them; parameters registered
 * with `self.p = nn.Parameter(...)` and buffers from `register_buffer` are tracked by name.
 */
import type { BuiltLayer, FlowValue, ForwardContext, ParamCount, PyArg } from '../contract';
import { isConcrete, product } from '../dims';
import type { ParamVal, PyClass, Val } from './values';

export type ContainerKind = 'Sequential' | 'ModuleList' | 'ModuleDict';

export interface ModuleRunner {
  runModuleForward(mod: ModuleObj, args: readonly FlowValue[], kwargs: Readonly<Record<string, PyArg>>, ctx: ForwardContext): FlowValue;
}

export class ModuleObj implements BuiltLayer {
  readonly kind = 'layer' as const;
  /** 'keras' for subclassed `keras.Model` / `keras.layers.Layer` (their forward is `call`). */
  framework: 'torch' | 'keras' = 'torch';
  children: Array<[string, BuiltLayer]> = [];
  readonly attributes: Record<string, PyArg> = Object.create(null) as Record<string, PyArg>;
  /** Plain instance attributes (`self.in_planes = 64`). */
  dict = new Map<string, Val>();
  /** Registered parameters (`self.cls_token = nn.Parameter(...)`), by name, in registration order. */
  params = new Map<string, ParamVal>();
  /** Registered buffers: name → element count. */
  bufferSizes = new Map<string, number>();
  /** A catalogue layer this module extends (`class MyConv(nn.Conv2d)`), built by `super().__init__`. */
  delegate?: BuiltLayer;

  constructor(
    public type: string,
    public cls: PyClass | null,
    public container: ContainerKind | null,
    private readonly runner: ModuleRunner,
  ) {}

  get parameters(): ParamCount {
    let trainable = this.delegate?.parameters?.trainable ?? 0;
    let nonTrainable = this.delegate?.parameters?.nonTrainable ?? 0;
    for (const p of this.params.values()) {
      const n = p.shape && p.shape.every(isConcrete) ? (product(p.shape) as number) : 0;
      if (p.requiresGrad) trainable += n;
      else nonTrainable += n;
    }
    return { trainable, nonTrainable };
  }
  set parameters(_v: ParamCount) {
    /* computed */
  }

  get buffers(): number {
    let n = this.delegate?.buffers ?? 0;
    for (const b of this.bufferSizes.values()) n += b;
    return n;
  }
  set buffers(_v: number) {
    /* computed */
  }

  /**
   * Position of each child by name, so that building a container of n children is O(n), not O(n²). It is
   * rebuilt whenever `children` was replaced or changed length behind its back, and every hit is verified.
   */
  private index: Map<string, number> | null = null;
  private indexed: Array<[string, BuiltLayer]> | null = null;
  private indexedLength = 0;

  private childIndex(name: string): number {
    const kids = this.children;
    if (this.index && this.indexed === kids && this.indexedLength === kids.length) {
      const i = this.index.get(name);
      if (i === undefined) return -1;
      if (kids[i]?.[0] === name) return i;
    }
    const index = new Map<string, number>();
    kids.forEach(([n], i) => {
      if (!index.has(n)) index.set(n, i);
    });
    this.index = index;
    this.indexed = kids;
    this.indexedLength = kids.length;
    return index.get(name) ?? -1;
  }

  getChild(name: string): BuiltLayer | undefined {
    const i = this.childIndex(name);
    return i >= 0 ? this.children[i][1] : undefined;
  }

  /** Register or replace a child; replacing keeps its position, as assigning an existing `_modules` key does. */
  setChild(name: string, layer: BuiltLayer | null): void {
    const i = this.childIndex(name);
    if (layer === null) {
      if (i >= 0) this.children.splice(i, 1);
      return;
    }
    if (i >= 0) this.children[i] = [name, layer];
    else {
      this.children.push([name, layer]);
      // Keep the index current for the common case (appending), instead of rebuilding it next time.
      if (this.index && this.indexed === this.children) {
        this.index.set(name, this.children.length - 1);
        this.indexedLength = this.children.length;
      }
    }
    this.dict.delete(name);
    this.params.delete(name);
  }

  forward(args: readonly FlowValue[], kwargs: Readonly<Record<string, PyArg>>, ctx: ForwardContext): FlowValue {
    return this.runner.runModuleForward(this, args, kwargs, ctx);
  }

  /** `copy.deepcopy`: a structural copy with every child module copied too. */
  clone(copyChild: (l: BuiltLayer) => BuiltLayer): ModuleObj {
    const m = new ModuleObj(this.type, this.cls, this.container, this.runner);
    m.framework = this.framework;
    m.children = this.children.map(([n, c]) => [n, copyChild(c)]);
    m.dict = new Map(this.dict);
    m.params = new Map([...this.params].map(([n, p]) => [n, { ...p }]));
    m.bufferSizes = new Map(this.bufferSizes);
    m.delegate = this.delegate ? copyChild(this.delegate) : undefined;
    Object.assign(m.attributes, this.attributes);
    return m;
  }
}

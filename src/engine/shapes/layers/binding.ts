/**
 * Binding Python call arguments (positional + keyword) to a catalogue signature, the way CPython does:
 * positionals fill parameters in order, keywords by name, defaults fill the rest. Problems come back as
 * messages written like Python's own TypeErrors, never as exceptions.
 */
import { UNKNOWN, type EngineMessage, type ParamSpec, type PyArg } from '../contract';

export interface BoundArgs {
  readonly args: Record<string, PyArg>;
  readonly messages: EngineMessage[];
}

export function bindArgs(
  signature: readonly ParamSpec[],
  positional: readonly PyArg[],
  kwargs: Readonly<Record<string, PyArg>>,
  owner: string,
): BoundArgs {
  const args: Record<string, PyArg> = Object.create(null) as Record<string, PyArg>;
  const messages: EngineMessage[] = [];
  const varPos = signature.find((p) => p.name.startsWith('*') && !p.name.startsWith('**'));
  const varKw = signature.find((p) => p.name.startsWith('**'));
  const byPosition = signature.filter((p) => !p.kwOnly && !p.name.startsWith('*'));
  const named = new Map(signature.filter((p) => !p.name.startsWith('*')).map((p) => [p.name, p]));

  const extras: PyArg[] = [];
  positional.forEach((value, i) => {
    if (i < byPosition.length) args[byPosition[i].name] = value;
    else if (varPos) extras.push(value);
  });
  if (!varPos && positional.length > byPosition.length) {
    const most = byPosition.length;
    const least = byPosition.filter((p) => !('default' in p)).length;
    const range = least === most ? `${most}` : `from ${least} to ${most}`;
    messages.push({
      severity: 'error',
      message: `${owner}() takes ${range} positional argument${most === 1 ? '' : 's'} but ${positional.length} were given`,
      arg: most,
    });
  }
  if (varPos) args[varPos.name.slice(1)] = extras;

  const extraKw: PyArg[] = [];
  for (const [key, value] of Object.entries(kwargs)) {
    const spec = named.get(key);
    if (!spec) {
      if (varKw) extraKw.push([key, value]);
      else messages.push({ severity: 'error', message: `${owner}() got an unexpected keyword argument '${key}'`, arg: key });
      continue;
    }
    if (key in args) {
      messages.push({ severity: 'error', message: `${owner}() got multiple values for argument '${key}'`, arg: key });
    }
    args[key] = value;
  }
  if (varKw) args[varKw.name.slice(2)] = extraKw;

  for (const spec of signature) {
    if (spec.name.startsWith('*') || spec.name in args) continue;
    if ('default' in spec) args[spec.name] = spec.default as PyArg;
    else {
      messages.push({ severity: 'error', message: `${owner}() missing required argument '${spec.name}'`, arg: spec.name });
      args[spec.name] = UNKNOWN;
    }
  }
  return { args, messages };
}

/**
 * Stable diagnostic codes of the shape engine (`Diagnostic.code` in report.ts).
 *
 * A code names a KIND of problem and never changes meaning once published: the Problems panel, quick fixes,
 * suppressions and users' own scripts key on it. Messages may be reworded freely; codes may not. Add new
 * kinds at the end of their range; never reuse a retired number.
 *
 * Ranges:
 *   MLS001–MLS099  shape and argument errors found in the user's model (PyTorch/Keras would raise)
 *   MLS100–MLS199  things the engine cannot see or evaluate (results unknown, not wrong)
 *   MLS200–MLS299  engine limits: the analysis stopped or was cut short (the model is `complete: false`)
 *   MLS900         internal error: a bug in the engine, never the user's fault
 *
 * Most diagnostics are created with an explicit code. Diagnostics from the layer catalogue (hundreds of
 * PyTorch/Keras messages) get theirs from `classifyMessage`, which recognises the message families below;
 * anything it does not recognise falls back to MLS090/MLS190 by severity.
 */

export interface CodeInfo {
  readonly code: string;
  /** Short kebab-case identifier (stable too; useful in settings and docs). */
  readonly id: string;
  /** One line describing the kind. */
  readonly title: string;
}

function def<const C extends string, const I extends string>(code: C, id: I, title: string): CodeInfo & { code: C; id: I } {
  return { code, id, title };
}

export const CODES = {
  // ---- shape and argument errors in the model
  LINEAR_IN_FEATURES: def('MLS001', 'linear-in-features', 'Linear/Dense/RNN input features do not match the layer (in_features, input_size, input_dim)'),
  CONV_IN_CHANNELS: def('MLS002', 'conv-in-channels', 'Convolution input channels do not match in_channels'),
  NORM_NUM_FEATURES: def('MLS003', 'norm-num-features', 'Normalization input channels do not match num_features / normalized_shape'),
  CAT_SIZES: def('MLS004', 'cat-sizes', 'Concatenated/stacked tensors disagree outside the concatenation dimension'),
  BROADCAST: def('MLS005', 'broadcast', 'Shapes cannot be broadcast together'),
  VIEW_SIZE: def('MLS006', 'view-size', 'view/reshape/flatten size does not match the number of elements'),
  DIM_OUT_OF_RANGE: def('MLS007', 'dim-out-of-range', 'A dimension index is out of range for the tensor rank'),
  INVALID_SIZE: def('MLS008', 'invalid-size', 'A size, count, kernel, stride or dilation is negative, zero or not an integer'),
  INPUT_TOO_SMALL: def('MLS009', 'input-too-small', 'The kernel is larger than the (padded) input: the output would be empty'),
  ARGUMENT_TYPE: def('MLS010', 'argument-type', 'An argument has the wrong type or value'),
  CALL_SIGNATURE: def('MLS011', 'call-signature', 'Missing, unexpected or duplicated arguments in a call'),
  RANK_MISMATCH: def('MLS012', 'rank-mismatch', 'The input has the wrong number of dimensions for the layer'),
  INDEX_OUT_OF_RANGE: def('MLS013', 'index-out-of-range', 'An index is out of range for a sequence or container'),
  UNPACK: def('MLS014', 'unpack', 'Cannot unpack a value into the given number of targets'),
  NOT_CALLABLE: def('MLS015', 'not-callable', 'A module without forward() is called'),
  SHAPE_MISMATCH: def('MLS016', 'shape-mismatch', 'Two tensors or a tensor and a layer disagree on a size'),
  BRANCH_SHAPES: def('MLS017', 'branch-shapes', 'The branches of a statically undecidable if give different shapes'),
  SHAPE_ERROR: def('MLS090', 'shape-error', 'Another shape or argument error (see the message)'),

  // ---- what the engine cannot see
  UNKNOWN_NAME: def('MLS100', 'unknown-name', 'A name is not defined (missing import?): its value is unknown'),
  UNKNOWN_LAYER: def('MLS101', 'unknown-layer', 'A layer or function the engine does not know: its shapes and parameters are unknown'),
  UNKNOWN_INPUT: def('MLS102', 'unknown-input', 'The model input shape is unknown: add `# input: [...]` or pass --input'),
  NOT_STATIC: def('MLS103', 'not-static', 'Code the engine cannot evaluate statically (a loop, call or value); the result is unknown'),
  NO_FORWARD: def('MLS104', 'no-forward', 'The model has no forward()/call() yet: layers are listed without shapes'),
  UNKNOWN_PARAMS: def('MLS105', 'unknown-params', 'Some layers have unknown parameter counts; totals count the rest'),
  NOT_A_MODULE: def('MLS106', 'not-a-module', 'A container entry is not a module and is ignored'),
  NO_SUCH_MODEL: def('MLS107', 'no-such-model', 'The requested model is not in the file'),
  STRUCTURE_UNKNOWN: def('MLS108', 'structure-unknown', 'A value the engine cannot know decides the model structure (branch, loop, layer argument, unknown module): the result is partial'),
  MODEL_ARGUMENTS: def('MLS109', 'model-arguments', 'The model needs constructor arguments: give them with --model "Net(...)" or a `# model: Net(...)` comment'),
  MISSING_IMPORT: def('MLS110', 'missing-import', 'An imported project module could not be read: its names are unknown'),
  NOTE: def('MLS190', 'note', 'Another note about what the engine could not determine'),

  // ---- engine limits (the model is partial)
  LIMIT_TIME: def('MLS200', 'limit-time', 'The time budget for the file ran out'),
  LIMIT_STEPS: def('MLS201', 'limit-steps', 'The evaluation step budget for one model ran out'),
  LIMIT_SIZE: def('MLS202', 'limit-size', 'A list, tuple, string, dict or container grew beyond the build cap'),
  LIMIT_DEPTH: def('MLS203', 'limit-depth', 'Nesting (calls, modules or expressions) is deeper than the engine follows'),
  LIMIT_CYCLE: def('MLS204', 'limit-cycle', 'A module contains itself (m.append(m), A↔B); the cycle is not followed'),
  LIMIT_LOOP: def('MLS205', 'limit-loop', 'A loop runs more iterations than the engine follows'),
  LIMIT_MODELS: def('MLS206', 'limit-models', 'More models in the file than the engine analyses'),
  CANCELLED: def('MLS207', 'cancelled', 'The analysis was cancelled (a newer edit arrived)'),
  LIMIT_NUMBER: def('MLS208', 'limit-number', 'A number is too large to compute with exactly'),
  LIMIT_MEMORY: def('MLS209', 'limit-memory', 'The engine worker ran out of its memory limit and was restarted'),

  // ---- engine bugs
  INTERNAL: def('MLS900', 'internal', 'Internal error in the shape engine (a bug: please report it)'),
} as const;

export type CodeKey = keyof typeof CODES;
export type Code = (typeof CODES)[CodeKey]['code'];

/** Every code, in catalogue order. */
export const CATALOGUE: readonly CodeInfo[] = Object.values(CODES);

const BY_CODE = new Map<string, CodeInfo>(CATALOGUE.map((c) => [c.code, c]));

/** The catalogue entry for a code string, if it is one of ours. */
export function codeInfo(code: string): CodeInfo | undefined {
  return BY_CODE.get(code);
}

/** True for MLS2xx: the analysis hit one of the engine's own limits. */
export function isLimitCode(code: string | undefined): boolean {
  return !!code && /^MLS2\d\d$/.test(code);
}

export function isInternalCode(code: string | undefined): boolean {
  return code === CODES.INTERNAL.code;
}

/** Message families of the layer catalogue and the interpreter, in priority order. */
const FAMILIES: ReadonlyArray<readonly [RegExp, Code]> = [
  [/^internal\b|internal error/i, CODES.INTERNAL.code],
  [/\b(in_features|in1_features|in2_features|input_size|input_dim)\b|must be equal to input_size|inconsistent input_size|last dimension of the inputs? to a Dense/, CODES.LINEAR_IN_FEATURES.code],
  [/\(in_channels=|channel dimension of the inputs|input channels must be evenly divisible/, CODES.CONV_IN_CHANNELS.code],
  [/num_features=|normalized_shape|num_channels=/, CODES.NORM_NUM_FEATURES.code],
  [/sizes of tensors must match|same number of dimensions: got|matching shapes except for the concatenation axis|stack expects each tensor/i, CODES.CAT_SIZES.code],
  [/broadcast/i, CODES.BROADCAST.code],
  [/is invalid for input of size|total size of new array|don't multiply up|unflatten/i, CODES.VIEW_SIZE.code],
  [/dimension out of range/i, CODES.DIM_OUT_OF_RANGE.code],
  [/too small for input|less than 1\) for input|input is too small|Kernel size can't be greater than actual input size|Output size is too small/i, CODES.INPUT_TOO_SMALL.code],
  [/non-positive|must be positive|must be greater than zero|should be positive|negative dimension|non-negative|must be an integer|should be an integer/i, CODES.INVALID_SIZE.code],
  [/unexpected keyword argument|missing required argument|multiple values for argument|positional arguments? but \d+ (were|was) given/, CODES.CALL_SIGNATURE.code],
  [/\bindex \S+ is out of range/, CODES.INDEX_OUT_OF_RANGE.code],
  [/cannot unpack/, CODES.UNPACK.code],
  [/has no forward\(\) and cannot be called/, CODES.NOT_CALLABLE.code],
  [/different shapes: .* using the first/, CODES.BRANCH_SHAPES.code],
  [/expected (an )?input (to be|with at least)|expected ndim=|expected min_ndim=|\d+D input|dimensions?, got|must be [0-9]D/i, CODES.RANK_MISMATCH.code],
  [/argument '[^']*' must be|expected a tensor|should be an int|invalid|must be one of|should be one of/i, CODES.ARGUMENT_TYPE.code],
  [/expected|does not match|must match|must be equal|should have the same|mismatch/i, CODES.SHAPE_MISMATCH.code],
];

const NOTE_FAMILIES: ReadonlyArray<readonly [RegExp, Code]> = [
  [/^internal\b|internal error/i, CODES.INTERNAL.code],
  [/is not defined \(missing import\?\)/, CODES.UNKNOWN_NAME.code],
  [/not in the (layer|functional) catalogue|cannot be seen by the engine|unknown call|is not modelled|not analysed/, CODES.UNKNOWN_LAYER.code],
  [/input shape (is )?unknown/i, CODES.UNKNOWN_INPUT.code],
  [/has no (forward|call)\(\) \(yet\)/, CODES.NO_FORWARD.code],
  [/parameters of \d+ layers? are unknown/, CODES.UNKNOWN_PARAMS.code],
  [/not a (Keras layer|module); ignored/, CODES.NOT_A_MODULE.code],
  [/different shapes: .* using the first/, CODES.BRANCH_SHAPES.code],
  [/statically|could not be evaluated|cannot iterate|loop skipped|result unknown|is unknown/i, CODES.NOT_STATIC.code],
];

/**
 * The code of a diagnostic that was created without one, from its message family. Errors fall back to
 * MLS090, warnings and notes to MLS190.
 */
export function classifyMessage(severity: 'error' | 'warning' | 'info', message: string): Code {
  if (severity === 'error') {
    for (const [re, code] of FAMILIES) if (re.test(message)) return code;
    return CODES.SHAPE_ERROR.code;
  }
  for (const [re, code] of NOTE_FAMILIES) if (re.test(message)) return code;
  if (severity === 'warning') for (const [re, code] of FAMILIES) if (re.test(message) && code !== CODES.SHAPE_MISMATCH.code) return code;
  return CODES.NOTE.code;
}

/**
 * Weight-initialisation numbers as torch.nn.init computes them: fan-in and fan-out of a weight tensor, the
 * gain of a non-linearity, and the resulting standard deviation (normal) or bound (uniform) of He/Kaiming
 * and Xavier/Glorot initialisation. Pure TypeScript, checked against PyTorch
 * (scripts/fixtures/init_reference.py -> test/fixtures/init-reference.json).
 */

/** fan_in and fan_out of a weight of this shape (PyTorch: [out, in, *kernel]; kernel area multiplies both). */
export function fans(weightShape: readonly number[]): { fanIn: number; fanOut: number } {
  if (weightShape.length < 2) throw new Error(`fan in and fan out need at least 2 dimensions, got [${weightShape.join(', ')}]`);
  const receptive = weightShape.slice(2).reduce((a, b) => a * b, 1);
  return { fanIn: weightShape[1] * receptive, fanOut: weightShape[0] * receptive };
}

export type Nonlinearity = 'linear' | 'conv1d' | 'conv2d' | 'conv3d' | 'sigmoid' | 'tanh' | 'relu' | 'leaky_relu' | 'selu';

/** torch.nn.init.calculate_gain. `param`: the negative slope of leaky_relu (default 0.01). */
export function gain(nonlinearity: Nonlinearity, param?: number): number {
  switch (nonlinearity) {
    case 'linear':
    case 'conv1d':
    case 'conv2d':
    case 'conv3d':
    case 'sigmoid':
      return 1;
    case 'tanh':
      return 5 / 3;
    case 'relu':
      return Math.SQRT2;
    case 'leaky_relu': {
      const slope = param ?? 0.01;
      return Math.sqrt(2 / (1 + slope * slope));
    }
    case 'selu':
      return 3 / 4;
  }
}

/** kaiming_normal_ standard deviation: gain / √fan (mode 'fan_in' by default). */
export function kaimingStd(weightShape: readonly number[], nonlinearity: Nonlinearity = 'leaky_relu', a = 0, mode: 'fan_in' | 'fan_out' = 'fan_in'): number {
  const { fanIn, fanOut } = fans(weightShape);
  return gain(nonlinearity, a) / Math.sqrt(mode === 'fan_in' ? fanIn : fanOut);
}

/** kaiming_uniform_ bound: √3 · std. */
export function kaimingBound(weightShape: readonly number[], nonlinearity: Nonlinearity = 'leaky_relu', a = 0, mode: 'fan_in' | 'fan_out' = 'fan_in'): number {
  return Math.sqrt(3) * kaimingStd(weightShape, nonlinearity, a, mode);
}

/** xavier_normal_ standard deviation: gain · √(2 / (fan_in + fan_out)). */
export function xavierStd(weightShape: readonly number[], g = 1): number {
  const { fanIn, fanOut } = fans(weightShape);
  return g * Math.sqrt(2 / (fanIn + fanOut));
}

/** xavier_uniform_ bound: gain · √(6 / (fan_in + fan_out)). */
export function xavierBound(weightShape: readonly number[], g = 1): number {
  const { fanIn, fanOut } = fans(weightShape);
  return g * Math.sqrt(6 / (fanIn + fanOut));
}

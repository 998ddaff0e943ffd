/**
 * A filtered sample rounded to PCM16, saturating: a typed array would wrap an overshoot round to the
 * other sign, a loud click. Math.floor(x + 0.5) because V8 runs Math.round several times slower, and
 * rounding every output sample is a third of a frame's cost with it.
 */
export function roundToInt16(sample: number): number {
  return sample >= 32766.5 ? 32767 : sample < -32768.5 ? -32768 : Math.floor(sample + 0.5);
}

/** Rounds a filtered sample to PCM16, saturating: a typed array would wrap an overshoot round to the other sign, a loud click. */
export function roundToInt16(sample: number): number {
  const rounded = Math.round(sample);
  return rounded > 32767 ? 32767 : rounded < -32768 ? -32768 : rounded;
}

/**
 * A converter's delay line with room for `length` new samples after the `history` it keeps from
 * earlier chunks. The same array while chunks fit; a longer one, history copied, for a longer chunk.
 */
export function withRoomFor(
  line: Float64Array<ArrayBuffer>,
  history: number,
  length: number,
): Float64Array<ArrayBuffer> {
  if (line.length >= history + length) return line;
  const longer = new Float64Array(history + length);
  longer.set(line.subarray(0, history));
  return longer;
}

/**
 * A timer for rounds of converting a clip's 20 ms frames in order, over and over, by one converter, so
 * its state carries on as in a call. Making the timer runs one round untimed, for the JIT to settle.
 * Each call of the timer runs a round of about `framesPerRound` frames and answers microseconds a frame.
 */
export function frameTimer<Frame>(
  frames: Frame[],
  convert: (frame: Frame) => { length: number },
  framesPerRound: number,
): () => number {
  const passes = Math.ceil(framesPerRound / frames.length);
  const round = () => {
    let produced = 0;
    for (let pass = 0; pass < passes; pass++) for (const frame of frames) produced += convert(frame).length;
    // Using what was produced keeps the conversions from being optimised away.
    if (produced === 0) throw new Error('the converter produced nothing');
  };
  round();
  return () => {
    const started = performance.now();
    round();
    return ((performance.now() - started) * 1000) / (passes * frames.length);
  };
}

export interface Spread {
  median: number;
  min: number;
  max: number;
}

export function spreadOf(values: number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { median, min: sorted[0]!, max: sorted.at(-1)! };
}

import { fail, ok, type Result } from '../src/domain/result.js';

/** JSON.parse, or its reason at the line and column an editor shows: it gives a character position, or none at the end. */
export function parseJson(text: string): Result<unknown, string> {
  try {
    return ok(JSON.parse(text));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /at position (\d+)/.exec(message);
    const offset = position ? Number(position[1]) : text.length;
    const before = text.slice(0, offset).split('\n');
    const reason = message.replace(/ at position \d+.*$/, '').replace(/ \(line \d+ column \d+\)$/, '');
    return fail(`line ${before.length}, column ${before.at(-1)!.length + 1}: ${reason}`);
  }
}

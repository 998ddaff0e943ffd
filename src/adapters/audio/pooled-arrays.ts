import { Buffer } from 'node:buffer';

/*
 * Converted frames are carved from Node's pre-allocated Buffer pool. A typed array of its own keeps its
 * memory outside the JS heap and costs about 2 µs to allocate, as much as converting the frame; a slice
 * of the pool costs under 0.1 µs. The slices never overlap, so a frame stays as it was when later ones
 * are converted, and every element is written before it is handed out, so the pool's old bytes never show.
 */

export function pooledInt16Array(length: number): Int16Array {
  // Node aligns each pooled slice to 8 bytes, as an Int16Array view needs 2.
  const bytes = Buffer.allocUnsafe(2 * length);
  return new Int16Array(bytes.buffer, bytes.byteOffset, length);
}

export function pooledUint8Array(length: number): Uint8Array {
  const bytes = Buffer.allocUnsafe(length);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, length);
}

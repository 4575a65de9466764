/** Bytes that travel between threads. */

/**
 * The bytes as an ArrayBuffer that can be moved to another thread. A Buffer that is a slice of a
 * larger ArrayBuffer (Node's 8 KB pool for small ones) is copied: moving the whole pool would
 * detach other Buffers.
 */
export function movableBytes(data: Buffer): ArrayBuffer {
  if (data.buffer instanceof ArrayBuffer && data.byteOffset === 0 && data.byteLength === data.buffer.byteLength) return data.buffer;
  const copy = new ArrayBuffer(data.byteLength);
  new Uint8Array(copy).set(data);
  return copy;
}

/** A minimal big-endian box writer for the output ftyp/moov/mdat header. */
import type { Edit } from './boxes.ts';
import { MAX_U32 } from './tables.ts';

export class ByteWriter {
  private buf: Uint8Array;
  private dv: DataView;
  pos = 0;

  constructor(capacity = 1 << 16) {
    this.buf = new Uint8Array(capacity);
    this.dv = new DataView(this.buf.buffer);
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.pos + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.dv = new DataView(next.buffer);
  }

  u8(v: number): void {
    this.ensure(1);
    this.buf[this.pos++] = v;
  }
  u16(v: number): void {
    this.ensure(2);
    this.dv.setUint16(this.pos, v);
    this.pos += 2;
  }
  u32(v: number): void {
    this.ensure(4);
    this.dv.setUint32(this.pos, v >>> 0);
    this.pos += 4;
  }
  i32(v: number): void {
    this.ensure(4);
    this.dv.setInt32(this.pos, v);
    this.pos += 4;
  }
  u64(v: number): void {
    this.ensure(8);
    this.dv.setUint32(this.pos, Math.floor(v / 2 ** 32));
    this.dv.setUint32(this.pos + 4, v >>> 0);
    this.pos += 8;
  }
  i64(v: number): void {
    this.ensure(8);
    this.dv.setInt32(this.pos, Math.floor(v / 2 ** 32));
    this.dv.setUint32(this.pos + 4, v >>> 0);
    this.pos += 8;
  }
  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }
  fourcc(s: string): void {
    this.ensure(4);
    for (let i = 0; i < 4; i++) this.buf[this.pos++] = s.charCodeAt(i);
  }
  /** Starts a box; returns its start for `end`. */
  begin(type: string, version?: number, flags = 0): number {
    const start = this.pos;
    this.u32(0);
    this.fourcc(type);
    if (version !== undefined) this.u32(((version & 0xff) << 24) | (flags & 0xffffff));
    return start;
  }
  end(start: number): void {
    this.dv.setUint32(start, this.pos - start);
  }
  /** Adds `delta` to the 32- or 64-bit unsigned integer at `at`. */
  addAt(at: number, delta: number, wide: boolean): void {
    if (wide) {
      const v = this.dv.getUint32(at) * 2 ** 32 + this.dv.getUint32(at + 4) + delta;
      this.dv.setUint32(at, Math.floor(v / 2 ** 32));
      this.dv.setUint32(at + 4, v >>> 0);
    } else {
      this.dv.setUint32(at, this.dv.getUint32(at) + delta);
    }
  }
  result(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }
}

/** mdat header for a payload of `payloadBytes`: 8 bytes, or 16 with a 64-bit largesize when it would not fit. */
export function mdatHeader(payloadBytes: number): Uint8Array {
  const w = new ByteWriter(16);
  if (payloadBytes + 8 <= MAX_U32) {
    w.u32(payloadBytes + 8);
    w.fourcc('mdat');
  } else {
    w.u32(1);
    w.fourcc('mdat');
    w.u64(payloadBytes + 16);
  }
  return w.result();
}

export function writeElst(w: ByteWriter, edits: Edit[]): void {
  const wide = edits.some((e) => e.duration > MAX_U32 || e.mediaTime > 0x7fffffff);
  const edts = w.begin('edts');
  const elst = w.begin('elst', wide ? 1 : 0);
  w.u32(edits.length);
  for (const e of edits) {
    if (wide) {
      w.u64(e.duration);
      w.i64(e.mediaTime);
    } else {
      w.u32(e.duration);
      w.i32(e.mediaTime);
    }
    w.i32(e.rate);
  }
  w.end(elst);
  w.end(edts);
}

function body(box: Uint8Array): Uint8Array {
  const size = new DataView(box.buffer, box.byteOffset, 4).getUint32(0);
  return box.subarray(size === 1 ? 16 : 8);
}

/**
 * Rewrites mvhd/mdhd (layout: times, timescale, duration, rest) or tkhd (times, track_ID, reserved, duration,
 * rest) with a new duration, choosing version 1 only when a value needs 64 bits.
 */
export function writeTimedBox(w: ByteWriter, box: Uint8Array, duration: number): void {
  const b = body(box);
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const type = String.fromCharCode(box[4]!, box[5]!, box[6]!, box[7]!);
  const v1 = b[0] === 1;
  const flags = (b[1]! << 16) | (b[2]! << 8) | b[3]!;
  const creation = v1 ? dv.getUint32(4) * 2 ** 32 + dv.getUint32(8) : dv.getUint32(4);
  const modification = v1 ? dv.getUint32(12) * 2 ** 32 + dv.getUint32(16) : dv.getUint32(8);
  const third = v1 ? dv.getUint32(20) : dv.getUint32(12); // timescale, or track_ID for tkhd
  const isTkhd = type === 'tkhd';
  let restAt: number;
  if (isTkhd) restAt = v1 ? 36 : 24;
  else restAt = v1 ? 32 : 20;
  const rest = b.subarray(restAt);
  const wide = duration > MAX_U32 || creation > MAX_U32 || modification > MAX_U32;
  const start = w.begin(type, wide ? 1 : 0, flags);
  if (wide) {
    w.u64(creation);
    w.u64(modification);
  } else {
    w.u32(creation);
    w.u32(modification);
  }
  w.u32(third);
  if (isTkhd) w.u32(0);
  if (wide) w.u64(duration);
  else w.u32(duration);
  w.bytes(rest);
  w.end(start);
}

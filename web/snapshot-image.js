// The Pyodide memory snapshot as shipped -> the image Pyodide restores.
//
// WHY: about 3 MB of the snapshot is what pyodide.asm.wasm's own data segments
// wrote into memory at instantiation, unchanged since. The build XORs those
// bytes out (they become zeros and, mostly, left-out zero pages:
// py/iconseek/site/snapshot_image.py) and this module XORs them back from the
// wasm bytes this worker has already downloaded and verified: ~1 MB less on the
// wire for a few milliseconds of work. Formats: "zero-pages-v1" (zeros only) and
// "wasm-data-xor+zero-pages-v1" (both).

import { expandZeroPages } from "./assets.js";

const FORMAT_PLAIN = "zero-pages-v1";
const FORMAT_XOR = "wasm-data-xor+zero-pages-v1";
const DATA_SECTION = 11;
const I32_CONST = 0x41;
const END = 0x0b;

class Reader {
  constructor(bytes, pos) {
    this.bytes = bytes;
    this.pos = pos;
  }
  byte() {
    if (this.pos >= this.bytes.length) throw new Error("snapshot: wasm binary truncated");
    return this.bytes[this.pos++];
  }
  u32() {
    let value = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const b = this.byte();
      value += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return value;
    }
    throw new Error("snapshot: LEB128 number too long in the wasm binary");
  }
  i32() {
    let value = 0;
    let shift = 0;
    for (;;) {
      const b = this.byte();
      value += (b & 0x7f) * 2 ** shift;
      shift += 7;
      if (b < 0x80) return b & 0x40 ? value - 2 ** shift : value;
      if (shift > 35) throw new Error("snapshot: LEB128 number too long in the wasm binary");
    }
  }
}

// [memory offset, start in `wasm`, length] of each active data segment (the same
// forms iconseek.site.wasm_data reads; anything else is an error, not a guess).
export function dataSegments(wasm) {
  if (wasm.length < 8 || wasm[0] !== 0 || wasm[1] !== 0x61 || wasm[2] !== 0x73 || wasm[3] !== 0x6d) {
    throw new Error("snapshot: not a wasm binary");
  }
  const segments = [];
  const reader = new Reader(wasm, 8);
  while (reader.pos < wasm.length) {
    const section = reader.byte();
    const size = reader.u32();
    const end = reader.pos + size;
    if (section === DATA_SECTION) {
      const count = reader.u32();
      for (let i = 0; i < count; i++) {
        const flags = reader.u32();
        if (flags === 2 && reader.u32() !== 0) throw new Error("snapshot: data segment for another memory");
        if (flags !== 0 && flags !== 2) throw new Error(`snapshot: data segment with flags ${flags}`);
        if (reader.byte() !== I32_CONST) throw new Error("snapshot: data segment offset is not an i32.const");
        const offset = reader.i32();
        if (reader.byte() !== END || offset < 0) throw new Error("snapshot: unexpected data segment offset");
        const length = reader.u32();
        segments.push([offset, reader.pos, length]);
        reader.pos += length;
      }
    }
    reader.pos = end;
  }
  return segments;
}

// XOR the wasm's data segments into `image` at the snapshot's memory start.
function xorSegments(image, wasm) {
  const start = new DataView(image.buffer, image.byteOffset, 8).getUint32(4, true);
  for (const [offset, from, length] of dataSegments(wasm)) {
    const at = start + offset;
    const n = Math.min(length, image.length - at);
    for (let i = 0; i < n; i++) image[at + i] ^= wasm[from + i];
  }
}

// The snapshot image Pyodide's `_loadSnapshot` takes, from the shipped bytes.
export function restoreSnapshotImage(packed, format, wasm) {
  if (format !== FORMAT_PLAIN && format !== FORMAT_XOR) return packed;  // shipped as is
  const image = expandZeroPages(packed);
  if (format === FORMAT_XOR) xorSegments(image, wasm);
  return image;
}

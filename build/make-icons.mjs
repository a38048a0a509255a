// Draws the app icon (a white padlock on a red rounded square) and writes build/icons/:
// 512x512.png and 256x256.png (Linux, and the sources of the others), icon.ico (Windows: one
// 256x256 PNG entry, allowed since Windows Vista) and icon.icns (macOS: 'ic08' 256 and 'ic09'
// 512 PNG entries). Only Node built-ins are used: zlib for PNG's deflate stream.
// Run: node build/make-icons.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const OUT_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'icons');
const SUPERSAMPLES = 4;
const BACKGROUND = [180, 35, 24];
const FOREGROUND = [255, 255, 255];

// ---------- shapes, in a 0..1 square; each returns a signed distance (negative inside) ----------

function roundedRect(x, y, cx, cy, halfWidth, halfHeight, radius) {
  const dx = Math.abs(x - cx) - (halfWidth - radius);
  const dy = Math.abs(y - cy) - (halfHeight - radius);
  const outside = Math.hypot(Math.max(dx, 0), Math.max(dy, 0));
  return outside + Math.min(Math.max(dx, dy), 0) - radius;
}

function circle(x, y, cx, cy, radius) {
  return Math.hypot(x - cx, y - cy) - radius;
}

/** Colour of one sample point, or null for transparent. */
function sample(x, y) {
  if (roundedRect(x, y, 0.5, 0.5, 0.46, 0.46, 0.1) > 0) return null;

  // Padlock body with a keyhole (a circle over a narrow slot).
  const body = roundedRect(x, y, 0.5, 0.62, 0.22, 0.17, 0.04);
  const keyhole = Math.min(circle(x, y, 0.5, 0.585, 0.045), roundedRect(x, y, 0.5, 0.66, 0.018, 0.07, 0.01));
  if (body <= 0 && keyhole > 0) return FOREGROUND;

  // Shackle: the upper half of a ring, with straight legs down to the body.
  const ring = Math.abs(circle(x, y, 0.5, 0.37, 0.13)) - 0.035;
  const legs = Math.min(roundedRect(x, y, 0.37, 0.41, 0.035, 0.05, 0), roundedRect(x, y, 0.63, 0.41, 0.035, 0.05, 0));
  if ((ring <= 0 && y <= 0.37) || legs <= 0) return FOREGROUND;

  return BACKGROUND;
}

/** Renders `size`x`size` RGBA pixels, averaging SUPERSAMPLES² samples per pixel. */
function render(size) {
  const pixels = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let covered = 0;
      for (let sy = 0; sy < SUPERSAMPLES; sy++) {
        for (let sx = 0; sx < SUPERSAMPLES; sx++) {
          const colour = sample((px + (sx + 0.5) / SUPERSAMPLES) / size, (py + (sy + 0.5) / SUPERSAMPLES) / size);
          if (colour === null) continue;
          r += colour[0];
          g += colour[1];
          b += colour[2];
          covered++;
        }
      }
      const offset = (py * size + px) * 4;
      if (covered > 0) {
        pixels[offset] = Math.round(r / covered);
        pixels[offset + 1] = Math.round(g / covered);
        pixels[offset + 2] = Math.round(b / covered);
        pixels[offset + 3] = Math.round((255 * covered) / SUPERSAMPLES ** 2);
      }
    }
  }
  return pixels;
}

// ---------- PNG (RFC 2083): signature, IHDR, one IDAT, IEND ----------

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

function encodePng(size, pixels) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type: RGBA
  // Bytes 10-12 stay 0: deflate compression, adaptive filtering, no interlace.

  const rowLength = size * 4;
  const raw = Buffer.alloc((rowLength + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (rowLength + 1)] = 0; // filter type: none
    pixels.copy(raw, y * (rowLength + 1) + 1, y * rowLength, (y + 1) * rowLength);
  }

  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(raw, { level: 9 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

// ---------- ICO (one PNG image) and ICNS (PNG elements) ----------

function encodeIco(png256) {
  const header = Buffer.alloc(6 + 16);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(1, 4); // image count
  header[6] = 0; // width 256 is written as 0
  header[7] = 0; // height 256 is written as 0
  header[8] = 0; // no palette
  header[9] = 0; // reserved
  header.writeUInt16LE(1, 10); // colour planes
  header.writeUInt16LE(32, 12); // bits per pixel
  header.writeUInt32LE(png256.length, 14);
  header.writeUInt32LE(header.length, 18);
  return Buffer.concat([header, png256]);
}

function encodeIcns(elements) {
  const parts = elements.map(([type, data]) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(data.length + 8, 4);
    return Buffer.concat([head, data]);
  });
  const body = Buffer.concat(parts);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([head, body]);
}

mkdirSync(OUT_DIR, { recursive: true });
const png512 = encodePng(512, render(512));
const png256 = encodePng(256, render(256));
writeFileSync(path.join(OUT_DIR, '512x512.png'), png512);
writeFileSync(path.join(OUT_DIR, '256x256.png'), png256);
writeFileSync(path.join(OUT_DIR, 'icon.ico'), encodeIco(png256));
writeFileSync(
  path.join(OUT_DIR, 'icon.icns'),
  encodeIcns([
    ['ic08', png256],
    ['ic09', png512],
  ]),
);
process.stdout.write(`Wrote 512x512.png, 256x256.png, icon.ico and icon.icns to ${OUT_DIR}\n`);

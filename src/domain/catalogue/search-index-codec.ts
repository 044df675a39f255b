// Bytes of the stored search index (catalogue-search.bin beside the snapshot JSON): a small JSON header
// with the dictionaries, then the typed arrays, 8-byte aligned, so that loading is one file read and
// typed-array views over it (no parsing of postings, no per-document objects).
import type { CodeSystem } from "../codes/types.js";
import type { SearchIndexes, SystemSearchIndex } from "./search-index.js";

const MAGIC = 0x49534443; // "CDSI" read as little-endian uint32
const VERSION = 1;

interface Header {
  builtAt: string;
  systems: Array<{ system: CodeSystem; terms: string; nTerms: number; nPostings: number; nDocs: number; at: number }>;
}

const littleEndian = (): boolean => new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const align8 = (n: number): number => (n + 7) & ~7;

/** Byte size of one system's arrays: weights (8-byte aligned first), then offsets, docs and rows. */
function sizeOf(s: { nTerms: number; nPostings: number; nDocs: number }): number {
  return align8(8 * s.nPostings + 4 * (s.nTerms + 1 + s.nPostings + s.nDocs));
}

/**
 * Encode `indexes` tagged with the snapshot's `builtAt` (which {@link decodeSearchIndexes} checks, so that
 * a stale index file is never paired with a newer snapshot). Native byte order, recorded in the header.
 */
export function encodeSearchIndexes(indexes: SearchIndexes, builtAt: string): Uint8Array {
  const entries = Object.entries(indexes) as Array<[CodeSystem, SystemSearchIndex]>;
  const header: Header & { littleEndian: boolean } = { builtAt, littleEndian: littleEndian(), systems: [] };
  let at = 0;
  for (const [system, x] of entries) {
    const s = { system, terms: x.terms.join("\n"), nTerms: x.terms.length, nPostings: x.docs.length, nDocs: x.rows.length, at };
    header.systems.push(s);
    at += sizeOf(s);
  }
  const head = new TextEncoder().encode(JSON.stringify(header));
  const base = align8(12 + head.length);
  const out = new Uint8Array(base + at);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, VERSION, true);
  view.setUint32(8, head.length, true);
  out.set(head, 12);
  entries.forEach(([, x], i) => {
    let p = base + header.systems[i]!.at;
    for (const arr of [x.weights, x.offsets, x.docs, x.rows]) {
      out.set(new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength), p);
      p += arr.byteLength;
    }
  });
  return out;
}

/**
 * Decode bytes written by {@link encodeSearchIndexes}. The arrays are views over `bytes` (copied once
 * only when `bytes` is not 8-byte aligned). Returns null when the bytes are not a search index of this
 * version, were built for another snapshot (`builtAt` differs) or in the other byte order: the caller
 * then indexes from the code tables instead.
 */
export function decodeSearchIndexes(bytes: Uint8Array, builtAt: string): SearchIndexes | null {
  if (bytes.byteLength < 12) return null;
  if (bytes.byteOffset % 8 !== 0) bytes = new Uint8Array(bytes); // a copy (Buffer#slice would be a view)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== MAGIC || view.getUint32(4, true) !== VERSION) return null;
  const headLen = view.getUint32(8, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + headLen))) as Header & { littleEndian: boolean };
  if (header.builtAt !== builtAt || header.littleEndian !== littleEndian()) return null;
  const base = bytes.byteOffset + align8(12 + headLen);
  const out: SearchIndexes = {};
  for (const s of header.systems) {
    if (base - bytes.byteOffset + s.at + sizeOf(s) > bytes.byteLength) return null;
    let p = base + s.at;
    const weights = new Float64Array(bytes.buffer, p, s.nPostings);
    p += 8 * s.nPostings;
    const offsets = new Int32Array(bytes.buffer, p, s.nTerms + 1);
    p += 4 * (s.nTerms + 1);
    const docs = new Int32Array(bytes.buffer, p, s.nPostings);
    p += 4 * s.nPostings;
    const rows = new Int32Array(bytes.buffer, p, s.nDocs);
    out[s.system] = { terms: s.nTerms === 0 ? [] : s.terms.split("\n"), offsets, docs, weights, rows };
  }
  return out;
}

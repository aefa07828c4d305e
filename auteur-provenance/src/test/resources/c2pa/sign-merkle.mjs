#!/usr/bin/env node
// Usage: node sign-merkle.mjs C2PA_WASM_DIR INPUT.mp4 OUTPUT.mp4 CERT_DIR CHUNK_KB MAX_PROOFS
// Signs an MP4 with the reference implementation (c2pa-rs as WebAssembly, @contentauth/c2pa-wasm 0.13.3) so its
// c2pa.hash.bmff.v3 carries Merkle trees over CHUNK_KB-kilobyte blocks of each mdat box (c2pa-rs settings
// core.merkle_tree_chunk_size_in_kb and core.merkle_tree_max_proofs), signed ES256 with CERT_DIR/es256.{pem,pub}.
// CHUNK_KB "none" leaves both settings unset, so c2pa-rs writes its default binding (one file-level hash): the
// baseline to compare Merkle signing with, for fragmented MP4 in particular.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createPrivateKey, sign as ecdsaSign, X509Certificate } from 'node:crypto';

const [wasmDir, input, output, certDir, chunkKb, maxProofs] = process.argv.slice(2);
if (!maxProofs) { console.error('usage: sign-merkle.mjs C2PA_WASM_DIR INPUT OUTPUT CERT_DIR CHUNK_KB MAX_PROOFS'); process.exit(2); }
const c2pa = await import(pathToFileURL(join(wasmDir, 'pkg/c2pa.js')).href);
c2pa.initSync({ module: readFileSync(join(wasmDir, 'pkg/c2pa_bg.wasm')) });

// The builder reads a Blob through FileReaderSync, which only browser workers have: give Node one that reads
// slices of an in-memory Blob.
class BytesBlob extends Blob {
  constructor(bytes) { super([bytes]); this.bytes = bytes; }
  slice(start = 0, end = this.bytes.length) { return new BytesBlob(this.bytes.subarray(start, end)); }
}
globalThis.FileReaderSync = class {
  readAsArrayBuffer(blob) { const b = blob.bytes; return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength); }
};

// c2pa-wasm 0.13.3 hands the signer the claim and expects a whole COSE_Sign1 back (direct COSE handling), with
// no way to pass certificates: build it here (RFC 9052: protected {alg: ES256, x5chain}, detached payload).
function head(major, n) {
  if (n < 24) return [major << 5 | n];
  if (n < 256) return [major << 5 | 24, n];
  if (n < 65536) return [major << 5 | 25, n >> 8, n & 255];
  return [major << 5 | 26, (n >>> 24) & 255, (n >> 16) & 255, (n >> 8) & 255, n & 255];
}
function concat(parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}
function cbor(v) {
  if (v === null) return Uint8Array.of(0xf6);
  if (v instanceof Uint8Array) return concat([Uint8Array.from(head(2, v.length)), v]);
  if (typeof v === 'string') { const b = new TextEncoder().encode(v); return concat([Uint8Array.from(head(3, b.length)), b]); }
  if (typeof v === 'number') return Uint8Array.from(v >= 0 ? head(0, v) : head(1, -1 - v));
  if (Array.isArray(v)) return concat([Uint8Array.from(head(4, v.length)), ...v.map(cbor)]);
  if (v instanceof Map) return concat([Uint8Array.from(head(5, v.size)), ...[...v].flatMap(([k, x]) => [cbor(k), cbor(x)])]);
  if (v.tag !== undefined) return concat([Uint8Array.from(head(6, v.tag)), cbor(v.value)]);
  throw new Error('cannot encode ' + v);
}
const chain = readFileSync(join(certDir, 'es256.pub'), 'utf8')
  .match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g)
  .map(pem => new Uint8Array(new X509Certificate(pem).raw));
const key = createPrivateKey(readFileSync(join(certDir, 'es256.pem')));
function coseSign1(claim) {
  const protectedHeader = cbor(new Map([[1, -7], [33, chain]]));
  const toBeSigned = cbor(['Signature1', protectedHeader, new Uint8Array(0), new Uint8Array(claim)]);
  const signature = new Uint8Array(ecdsaSign('sha256', toBeSigned, { key, dsaEncoding: 'ieee-p1363' }));
  return cbor({ tag: 18, value: [protectedHeader, new Map(), null, signature] });
}
// c2pa-rs does not pad a directly handled COSE to the reserved size, so the reservation must be its exact size
// (always the same here: a P-256 signature in IEEE P1363 form is 64 bytes) or the signed layout shifts.
const signer = { alg: 'es256', reserveSize: coseSign1(new Uint8Array(1)).length, sign: async claim => coseSign1(claim) };

const settings = chunkKb === 'none' ? {}
  : { core: { merkle_tree_chunk_size_in_kb: Number(chunkKb), merkle_tree_max_proofs: Number(maxProofs) } };
const builder = c2pa.WasmBuilder.fromJson(JSON.stringify({
  claim_generator_info: [{ name: 'auteur-merkle-test', version: '1' }],
  title: 'merkle.mp4',
  assertions: [{ label: 'c2pa.actions', data: { actions: [{ action: 'c2pa.created',
    digitalSourceType: 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia' }] } }],
}), JSON.stringify(settings));
const signed = await builder.sign(signer, [], 'video/mp4', new BytesBlob(new Uint8Array(readFileSync(input))));
writeFileSync(output, signed);

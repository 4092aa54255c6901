import { describe, it, expect } from "vitest";
import { mkdtempSync, readdirSync, writeFileSync, readFileSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serialize } from "node:v8";
import { ONTOLOGY_DIR } from "../index.js";
import { cacheFile, readIndexCache, sourceHash, STAT_ONLY_BYTES, writeIndexCache } from "./cache.js";
import { loadGazetteer } from "./index.js";
import type { CityTable } from "./geonames.js";

const cities: CityTable = {
  size: 3, geonamesId: Int32Array.from([11, 12, 13]), name: ["Alpha", "Béta Town", ""], country: ["PK", "AF", "PK"],
  admin1: ["02", "", "08"], feature: ["PPL", "PPLA", ""], population: Uint32Array.from([10, 2000, 0]),
  lat: Float32Array.from([1.5, -2.25, 0]), lon: Float32Array.from([3, 4, -5.5]),
};
const index = { byKey: new Map<string, number | number[]>([["alpha", 0], ["beta town", [1, 2]]]), prefixes: new Set(["beta"]), regionPopulation: { "admin1:PK-KP": 10 } };

describe("gazetteer index cache", () => {
  it("reads back what it wrote, and nothing for another source hash", () => {
    const file = join(mkdtempSync(join(tmpdir(), "gaz-cache-")), "g.bin");
    expect(writeIndexCache(file, "h1", cities, index)).toBe(true);
    const back = readIndexCache(file, "h1");
    expect(back?.cities).toEqual(cities);
    expect(back?.index.byKey.size).toBe(2);
    expect(back?.index.byKey.get("alpha")).toBe(0);
    expect(back?.index.byKey.get("beta town")).toEqual([1, 2]);
    for (const absent of ["alph", "alphas", "beta", "beta tow", ""]) expect(back?.index.byKey.has(absent)).toBe(false);
    expect(back?.index.prefixes.has("beta")).toBe(true);
    expect(back?.index.prefixes.has("alpha")).toBe(false);
    expect(back?.index.regionPopulation).toEqual(index.regionPopulation);
    expect(readIndexCache(file, "h2")).toBeNull();
  });

  it("finds every key read back as a Map does, non-ASCII keys and colliding probes included", () => {
    const file = join(mkdtempSync(join(tmpdir(), "gaz-cache-")), "g.bin");
    const byKey = new Map<string, number | number[]>();
    const words = ["sao paulo", "são paulo", "زابل", "ḩajjah", "kabul", "qala i naw", "a", "ab", "ba"];
    for (let k = 0; k < 3000; k++) byKey.set(`${words[k % words.length]} ${k}`, k % 7 === 0 ? [k, k + 1] : k);
    for (const w of words) byKey.set(w, 1);
    const prefixes = new Set([...byKey.keys()].map((key) => key.split(" ")[0]));
    expect(writeIndexCache(file, "h1", cities, { byKey, prefixes, regionPopulation: {} })).toBe(true);
    const back = readIndexCache(file, "h1");
    expect(back?.index.byKey.size).toBe(byKey.size);
    for (const [key, rows] of byKey) expect(back?.index.byKey.get(key)).toEqual(rows);
    for (const key of prefixes) expect(back?.index.prefixes.has(key)).toBe(true);
    for (const absent of ["são paulo 3001", "sao paulo", "زاب", "زابلز", "ḩajjah 0", "kabul 9999", "b", "abc"]) {
      expect(back?.index.byKey.has(absent)).toBe(byKey.has(absent));
      expect(back?.index.prefixes.has(absent)).toBe(prefixes.has(absent));
    }
  });

  it("reads back columns of one value, an empty one included", () => {
    const file = join(mkdtempSync(join(tmpdir(), "gaz-cache-")), "g.bin");
    const same: CityTable = { ...cities, country: ["PK", "PK", "PK"], admin1: ["", "", ""], feature: ["PPL", "PPL", "PPL"] };
    expect(writeIndexCache(file, "h1", same, index)).toBe(true);
    expect(readIndexCache(file, "h1")?.cities).toEqual(same);
  });

  it("rejects a truncated file and names that would not round-trip", () => {
    const file = join(mkdtempSync(join(tmpdir(), "gaz-cache-")), "g.bin");
    writeIndexCache(file, "h1", cities, index);
    writeFileSync(file, readFileSync(file).subarray(0, 100));
    expect(readIndexCache(file, "h1")).toBeNull();
    expect(writeIndexCache(file + "2", "h1", { ...cities, name: ["a\nb", "c", "d"] }, index)).toBe(false);
  });

  it("keeps only the most recently used cache files of a folder", () => {
    const dir = mkdtempSync(join(tmpdir(), "gaz-cache-"));
    for (let k = 0; k < 6; k++) writeIndexCache(join(dir, `gazetteer-${k}.bin`), "h", cities, index);
    expect(readdirSync(dir).filter((f) => f.endsWith(".bin"))).toHaveLength(4);
  });

  it("hashes content: a changed source changes the hash, not the file name", () => {
    const dir = mkdtempSync(join(tmpdir(), "gaz-src-"));
    const src = join(dir, "a.json");
    writeFileSync(src, "1");
    const h1 = sourceHash([src]);
    const f1 = cacheFile(dir, [src]);
    writeFileSync(src, "2");
    expect(sourceHash([src])).not.toBe(h1);
    expect(cacheFile(dir, [src])).toBe(f1);
  });

  it("identifies a source of STAT_ONLY_BYTES or more by its size, time and inode, without reading it", () => {
    const dir = mkdtempSync(join(tmpdir(), "gaz-big-"));
    const big = join(dir, "cities.pbf");
    writeFileSync(big, Buffer.alloc(STAT_ONLY_BYTES, 1));
    const t = new Date(2026, 0, 1);
    utimesSync(big, t, t);
    const h1 = sourceHash([big]);
    // Same size and time, other bytes: not read, so the same hash.
    writeFileSync(big, Buffer.alloc(STAT_ONLY_BYTES, 2));
    utimesSync(big, t, t);
    expect(sourceHash([big])).toBe(h1);
    // Installed again (a new time): another hash.
    utimesSync(big, t, new Date(t.getTime() + 1000));
    expect(sourceHash([big])).not.toBe(h1);
    // A smaller file is still read: other bytes at the same size and time change the hash.
    const small = join(dir, "admin1.json");
    writeFileSync(small, "1");
    utimesSync(small, t, t);
    const s1 = sourceHash([small]);
    writeFileSync(small, "2");
    utimesSync(small, t, t);
    expect(sourceHash([small])).not.toBe(s1);
  });

  it("gives the same gazetteer as a fresh build", () => {
    const cacheDir = mkdtempSync(join(tmpdir(), "gaz-dir-"));
    const dir = join(ONTOLOGY_DIR, "places");
    const fresh = loadGazetteer(dir, { cacheDir: false });
    loadGazetteer(dir, { cacheDir }).load(); // writes the cache
    const cached = loadGazetteer(dir, { cacheDir });
    expect(cached.stats().keys).toBe(fresh.stats().keys);
    for (const name of ["Peshawar", "Dera Ismail Khan", "Springfield", "Mazar-e-Sharif", "Khyber Pakhtunkhwa", "Paris"]) {
      expect(cached.lookup(name)).toEqual(fresh.lookup(name));
    }
    expect(cached.isPrefix("dera ismail")).toBe(true);
    expect(cached.byId("admin1:PK-KP")?.population).toBe(fresh.byId("admin1:PK-KP")?.population);
    expect(cached.byId("admin1:PK-KP")?.population).toBeGreaterThan(1_000_000);
  });

  it("gives city names stored one byte a character, read back or fresh (a record holding a two-byte one is all written two-byte)", () => {
    const storedOneByte = (s: string): boolean => serialize(s)[2] === 0x22;
    const cacheDir = mkdtempSync(join(tmpdir(), "gaz-dir-"));
    const dir = join(ONTOLOGY_DIR, "places");
    loadGazetteer(dir, { cacheDir }).load(); // writes the cache
    for (const gaz of [loadGazetteer(dir, { cacheDir }), loadGazetteer(dir, { cacheDir: false })]) {
      for (const name of ["Peshawar", "Maiduguri", "Quetta", "Kabul"]) {
        const city = gaz.lookup(name).find((c) => c.place.kind === "city");
        expect(city?.place.name).toBe(name);
        expect(storedOneByte(city!.place.name)).toBe(true);
      }
    }
  });
});

import { describe, it, expect, beforeAll, vi } from "vitest";
import { join } from "node:path";
import { ONTOLOGY_DIR } from "../index.js";
import { loadActorKB } from "./load.js";
import { readChain, type ChainActor, type ChainOptions } from "./chain.js";
import { scanKeys } from "./normalize.js";
import type { ActorKB } from "./kb.js";

let kb: ActorKB;
beforeAll(() => {
  kb = loadActorKB(join(ONTOLOGY_DIR, "actors"));
});

/** Phrases that between them set every part of a phrase read: nationality, state, agents, names, a person's name after a title, "former", determiners. */
const PHRASES = [
  "the army chief Zorvak Quellmir said",
  "Pakistan's army chief said",
  "Pakistan said",
  "Pakistanis",
  "the former Pakistani officials",
  "Kabul said",
  "militants of the TTP",
  "the Maoist Shining Path",
  "Indian police",
  "the suspected gunmen",
  "Afghan refugees",
  "the group",
  "they said",
  "a man",
];

function read(text: string, opts: ChainOptions, reader = readChain) {
  const keys = scanKeys(text, []);
  return reader(kb, keys, 0, keys.length, opts);
}

/** The phrase read by a fresh copy of the module, which has read nothing before. */
async function readFresh(text: string, opts: ChainOptions) {
  vi.resetModules();
  const fresh = await import("./chain.js");
  return read(text, opts, fresh.readChain);
}

describe("readChain", () => {
  it("reads each phrase alike whatever phrase it read before (its phrase state is reused)", async () => {
    for (const phrase of [false, true]) {
      const opts: ChainOptions = { phrase, knownPeople: new Set() };
      const alone: (ChainActor | null)[] = [];
      for (const t of PHRASES) alone.push(await readFresh(t, opts));
      expect(alone.filter((c) => c !== null).length).toBeGreaterThan(PHRASES.length / 2);
      for (const before of PHRASES) {
        PHRASES.forEach((t, j) => {
          read(before, opts);
          expect(read(t, opts), `${t} after ${before}`).toEqual(alone[j]);
        });
      }
    }
  });
});

describe("the knowledge base's hits", () => {
  it("all have one object shape, whatever their kind (the readers' `t` tests stay monomorphic)", () => {
    const shapes = new Set<string>();
    const kinds = new Set<string>();
    for (const text of [...PHRASES, "in Kabul the Kremlin", "anti-Taliban", "Kurdish fighters claimed responsibility", "members of"]) {
      const keys = scanKeys(text, []);
      for (let p = 0; p < keys.length; p++) {
        for (const h of kb.match(keys, p)?.hits ?? []) {
          kinds.add(h.t);
          shapes.add(Object.keys(h).join(","));
        }
      }
    }
    expect(kinds.size).toBeGreaterThanOrEqual(8);
    expect(shapes.size).toBe(1);
  });
});

import { describe, it, expect } from "vitest";
import { buildNetwork } from "./network.js";
import { generateStream, testActor } from "./synthetic.js";
import { tallyFromEvent } from "./types.js";

const A = testActor("state:AAA", "AAA", null);
const B = testActor("state:BBB", "BBB", null);
const C = testActor("state:CCC", "CCC", null);
const D = testActor("group:ddd", "AAA", "REB");
const fight = { cameo: "190", goldstein: -10, quad_class: 4 as const };
const aid = { cameo: "070", goldstein: 7, quad_class: 2 as const };
const talk = { cameo: "040", goldstein: 1, quad_class: 1 as const };

describe("buildNetwork", () => {
  const events = [
    ...generateStream({ seed: 1, source: A, target: D, start: "2025-01-01", days: 60, rate: 3, kinds: [fight], prefix: "ad" }),
    ...generateStream({ seed: 2, source: A, target: B, start: "2025-01-01", days: 60, rate: 1, kinds: [fight], prefix: "ab" }),
    ...generateStream({ seed: 3, source: B, target: C, start: "2025-01-01", days: 60, rate: 2, kinds: [aid], prefix: "bc" }),
    ...generateStream({ seed: 4, source: A, target: C, start: "2025-01-01", days: 60, rate: 4, kinds: [talk], prefix: "ac" }),
  ];
  const tallies = events.map((e) => tallyFromEvent(e));

  it("ranks conflictual and cooperative ties by weight", () => {
    const net = buildNetwork(tallies);
    expect(net.strongest_conflictual.map((e) => `${e.a}~${e.b}`)).toEqual(["group:ddd~state:AAA", "state:AAA~state:BBB"]);
    // aid (7 × ~120) outweighs talk (1 × ~240) although talk is more frequent
    expect(net.strongest_cooperative.map((e) => `${e.a}~${e.b}`)).toEqual(["state:BBB~state:CCC", "state:AAA~state:CCC"]);
    expect(net.edges[0]).toMatchObject({ a: "state:AAA", b: "state:CCC", tone: 1, goldstein_mean: 1 });
    const ad = net.edges.find((e) => e.b === "state:AAA");
    expect(ad?.tone).toBe(-1);
    expect(ad?.goldstein_mean).toBe(-10);
    expect(net.nodes.find((n) => n.id === "state:AAA")?.degree).toBe(3);
  });

  it("restricts to a period and can key nodes by country", () => {
    const net = buildNetwork(tallies, { from: "2025-02-01", to: "2025-02-10", nodeKey: "country" });
    expect(net.nodes.map((n) => n.id).sort()).toEqual(["AAA", "BBB", "CCC"]);
    const total = events.filter((e) => e.date.value >= "2025-02-01" && e.date.value <= "2025-02-10" && e.source?.country !== e.target?.country).length;
    expect(net.edges.reduce((s, e) => s + e.events, 0)).toBe(total);
  });
});

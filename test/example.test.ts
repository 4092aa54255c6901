/**
 * The example article (shared/examples/000_37889a87670bfd0a.txt, README there):
 * the key facts a good reading finds, checked on a retelling in the authors'
 * own words (through the CLI) and on the original file (read at run time).
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { Coder } from "../src/app/coder.js";
import type { EventRecord } from "../src/doc/index.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const FIXTURE = join(ROOT, "test", "fixtures", "example-own-words.txt");
const ORIGINAL = "/work/shared/examples/000_37889a87670bfd0a.txt";

function codeWithCli(file: string): EventRecord[] {
  const out = execFileSync(process.execPath, ["--import", "tsx", join(ROOT, "src", "cli", "run.ts"), "code", file, "--date", "2025-12-12"], {
    cwd: ROOT,
    encoding: "utf8",
    maxBuffer: 32 * 1024 * 1024,
  });
  return out
    .split("\n")
    .filter((l) => l.trim().length > 0)
    .map((l) => JSON.parse(l) as EventRecord);
}

const root = (e: EventRecord, r: string) => e.cameo_root === r;
const src = (e: EventRecord, ...codes: string[]) => !!e.source && codes.some((c) => e.source!.code.startsWith(c));
const tgt = (e: EventRecord, ...codes: string[]) => !!e.target && codes.some((c) => e.target!.code.startsWith(c));

function show(events: EventRecord[]): string {
  return events.map((e) => `${e.cameo} ${e.source?.code ?? "-"}->${e.target?.code ?? "-"} ${e.modality} ${e.historical ? "hist " : ""}${e.date.value} ${e.location?.name ?? ""} "${e.evidence.trigger.text}"`).join("\n");
}

/** Expect some event to satisfy `pred`, listing the coded events when none does. */
function expectSome(events: EventRecord[], what: string, pred: (e: EventRecord) => boolean): void {
  expect(events.some(pred), `${what}\ncoded:\n${show(events)}`).toBe(true);
}

describe("the example article, retold in our own words (CLI)", () => {
  const events = codeWithCli(FIXTURE);

  it("finds the army chief's threat to the Afghan Taliban on 10 December 2025 in Islamabad", () => {
    expectSome(events, "13x PAKMIL/PAK -> AFGGOV, 2025-12-10, Islamabad", (e) => root(e, "13") && src(e, "PAK") && tgt(e, "AFGGOV", "AFG") && e.date.value === "2025-12-10" && e.location?.name === "Islamabad");
    expectSome(events, "139 ultimatum", (e) => e.cameo === "139" && tgt(e, "AFG"));
  });

  it("finds the accusation of sheltering and the alleged sponsorship of the TTP", () => {
    expectSome(events, "112x Pakistan -> Kabul", (e) => e.cameo.startsWith("112") && src(e, "PAK") && tgt(e, "AFG"));
    expectSome(events, "sheltering, alleged", (e) => e.cameo === "075" && e.modality === "alleged");
    expectSome(events, "sponsoring, alleged", (e) => e.cameo.startsWith("07") && e.evidence.trigger.text === "sponsoring" && e.modality === "alleged");
  });

  it("finds the Taliban's rejection", () => {
    expectSome(events, "12x by the Afghan Taliban", (e) => root(e, "12") && src(e, "AFG"));
  });

  it("finds Pakistan's cross-border strikes and deportations", () => {
    expectSome(events, "195 by Pakistan", (e) => e.cameo === "195" && src(e, "PAK"));
    expectSome(events, "174 by Pakistan", (e) => e.cameo === "174" && src(e, "PAK"));
  });

  it("dates the 2014, 2017 and 2024 operations as background", () => {
    for (const y of ["2014", "2017", "2024"]) expectSome(events, `operation ${y}`, (e) => root(e, "19") && e.date.value === y && e.historical);
  });

  it("finds the 2014 school attack in Peshawar with more than 130 children killed", () => {
    expectSome(events, "APS attack", (e) => ["18", "19", "20"].includes(e.cameo_root) && e.historical && e.date.value.startsWith("2014") && e.location?.name === "Peshawar" && (e.fatalities?.killed ?? 0) >= 130);
  });

  it("marks the razing of villages and the disappearances as alleged", () => {
    expectSome(events, "razing, alleged", (e) => e.evidence.trigger.text === "razing" && e.modality === "alleged");
    expectSome(events, "disappearances, alleged", (e) => e.cameo === "175" && e.modality === "alleged");
  });

  it("dates the return to power in August 2021 and Pakistan's past support as background", () => {
    expectSome(events, "return to power", (e) => e.date.value === "2021-08" && e.historical);
    expectSome(events, "past support", (e) => e.cameo === "050" && src(e, "PAK") && e.historical);
  });
});

describe.runIf(existsSync(ORIGINAL))("the original example article (read at run time)", () => {
  const events = new Coder({ defaultDate: "2025-12-12" }).code({ id: "example", text: existsSync(ORIGINAL) ? readFileSync(ORIGINAL, "utf8") : "" });

  it("finds the key facts of the README", () => {
    expectSome(events, "13x on 10 December", (e) => root(e, "13") && e.date.value === "2025-12-10");
    expectSome(events, "ultimatum", (e) => e.cameo === "139");
    expectSome(events, "112 accusation", (e) => e.cameo.startsWith("112"));
    expectSome(events, "alleged sponsorship", (e) => e.evidence.trigger.text === "sponsoring" && e.modality === "alleged");
    expectSome(events, "12x rejection", (e) => root(e, "12"));
    expectSome(events, "cross-border strikes", (e) => e.cameo === "195");
    expectSome(events, "deportation", (e) => e.cameo === "174");
    for (const y of ["2014", "2017", "2024"]) expectSome(events, `${y} operation, background`, (e) => root(e, "19") && e.date.value === y && e.historical);
    expectSome(events, "2014 massacre at the school", (e) => e.historical && e.location?.name === "Peshawar" && (e.fatalities?.killed ?? 0) >= 130);
    expectSome(events, "razing, alleged", (e) => e.evidence.trigger.text === "razing" && e.modality === "alleged");
    expectSome(events, "return to power", (e) => e.cameo === "192");
  });
});

#!/usr/bin/env node
/**
 * Coder benchmark: `npm run build && npm run bench [-- --mb N] [--seed S] [--keep] [--stage-cpu] [--pairs N]`.
 * `--stage-cpu` also measures each stage's CPU time (process.cpuUsage around every stage)
 * and the CPU spent outside the stages (document setup, reading input, writing records, GC).
 *
 * 1. Writes a synthetic wire-style JSONL corpus (default 50 MB) from
 *    bench/corpus-templates.json with a seeded generator, into a temp folder.
 * 2. In a child process, the bare wink-nlp pass (sentences + POS) over the same texts.
 * 3. In a child process, the full `faultline code` path through the app layer
 *    (JSONL in → coder → JSONL out to a file), with per-stage timings, and with the V8
 *    flags `faultline code` restarts itself with for an input of that size (src/cli/respawn.ts).
 * 4. The first-event latency of a one-sentence `node bin/faultline.js code` run.
 * With --pairs N, steps 2 and 3 run alternately N times and the rates come from the summed CPU
 * (each pair's ratio is printed too): a drift of the machine's speed then weighs on both alike.
 * Prints MB/s and sentences/s per core (CPU time of the child), events/s, peak RSS,
 * the full/bare ratio, stage time shares, and the targets met or missed.
 */
import { spawn, spawnSync } from "node:child_process";
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { arg, rng } from "./lib.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const TARGETS = { mbPerCore: 2, ratio: 0.4, rssMb: 600, firstEventMs: 1500 };


const SLOT = /\{([A-Za-z_0-9]+)\}/g;

/** Write about `mb` MB of JSONL documents; returns the path and counts. */
async function makeCorpus(file, mb, seed) {
  const spec = JSON.parse(readFileSync(join(ROOT, "bench", "corpus-templates.json"), "utf8"));
  const r = rng(seed);
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const fill = (tpl) =>
    tpl.replace(SLOT, (_, name) => {
      const list = spec.vocab[name.toLowerCase()];
      if (!list) throw new Error(`corpus-templates.json: no list "${name}"`);
      const w = pick(list);
      return name[0] === name[0].toUpperCase() ? w[0].toUpperCase() + w.slice(1) : w;
    });
  const out = createWriteStream(file);
  const want = mb * 1024 * 1024;
  let bytes = 0;
  let docs = 0;
  const base = Date.UTC(2024, 0, 1);
  while (bytes < want) {
    const n = 4 + Math.floor(r() * 10);
    const paras = [fill(pick(spec.headlines))];
    // About a third of the sentences report an event; the rest is background, as in wire copy.
    const sentence = () => fill(r() < 0.35 ? pick(spec.sentences) : pick(spec.background));
    for (let k = 0; k < n; k++) paras.push(sentence() + (r() < 0.6 ? " " + sentence() : ""));
    const date = new Date(base + Math.floor(r() * 700) * 86_400_000).toISOString().slice(0, 10);
    const line = JSON.stringify({ id: `bench-${docs}`, text: paras.join("\n\n"), date }) + "\n";
    bytes += Buffer.byteLength(line);
    docs++;
    if (!out.write(line)) await new Promise((res) => out.once("drain", res));
  }
  await new Promise((res) => out.end(res));
  return { docs, bytes };
}

async function* texts(file) {
  const rl = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  for await (const line of rl) if (line) yield JSON.parse(line).text;
}

function usage() {
  const u = process.resourceUsage();
  return { cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000, maxRssMb: u.maxRSS / 1024 };
}

/** Child: the bare wink-nlp pass. */
async function childBare(file) {
  const { default: winkNLP } = await import("wink-nlp");
  const { default: model } = await import("wink-eng-lite-web-model");
  const nlp = winkNLP(model, ["sbd", "pos"]);
  const its = nlp.its;
  const c0 = usage().cpuMs;
  const t0 = performance.now();
  let chars = 0;
  let sentences = 0;
  for await (const text of texts(file)) {
    const doc = nlp.readDoc(text);
    doc.tokens().out(its.pos);
    doc.tokens().out(its.precedingSpaces);
    sentences += doc.sentences().length();
    chars += text.length;
  }
  const u = usage();
  return { ms: performance.now() - t0, cpuMs: u.cpuMs - c0, chars, sentences, maxRssMb: u.maxRssMb };
}

/** Child: the full coder through the app layer. */
async function childFull(file, outFile, stageCpu) {
  const { Coder } = await import(join(ROOT, "dist/app/coder.js"));
  const { createWriter } = await import(join(ROOT, "dist/app/output.js"));
  const { codeSources } = await import(join(ROOT, "dist/app/code-stream.js"));
  const { wink } = await import(join(ROOT, "dist/stages/01-tokenize/index.js"));
  const coder = new Coder({ timed: true, stageCpu: stageCpu === "cpu" });
  // Models loaded before the clock starts, as the bare child loads wink-nlp's before its own:
  // the knowledge (above), and the two parts loaded on first use: wink-nlp's model (~0.2 s)
  // and the gazetteer's index (~0.15 s). Both are start-up costs, which the first-event
  // figure measures; counting them here too counted them against the full pass only.
  wink();
  coder.knowledge.places.load();
  const out = createWriteStream(outFile);
  const writer = createWriter("jsonl", out);
  const c0 = usage().cpuMs;
  const t0 = performance.now();
  let warnings = 0;
  let errors = 0;
  const onError = (m) => {
    if (++errors <= 5) process.stderr.write(m + "\n");
  };
  const stats = await codeSources([file], { coder, writer, onWarning: () => warnings++, onError });
  await writer.end();
  await new Promise((res) => out.end(res));
  const u = usage();
  return {
    ms: performance.now() - t0, cpuMs: u.cpuMs - c0, chars: stats.chars, sentences: stats.sentences, events: stats.events,
    documents: stats.documents, warnings, errors, maxRssMb: u.maxRssMb, stages: coder.pipeline.timings(),
  };
}

function runChild(nodeFlags, kind, ...args) {
  const r = spawnSync(process.execPath, [...nodeFlags, fileURLToPath(import.meta.url), "--child", kind, ...args], { encoding: "utf8", maxBuffer: 1 << 24, cwd: ROOT });
  if (r.status !== 0) throw new Error(`${kind} child failed (${r.status}):\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop());
}

/** Preloaded into the one-sentence CLI run: its CPU time at exit, on stderr (the machine may be shared: wall time alone misleads). */
const CPU_AT_EXIT = "data:text/javascript," + encodeURIComponent(
  'process.on("exit",()=>{const u=process.cpuUsage();process.stderr.write("\\ncpu-ms "+Math.round((u.user+u.system)/1000)+"\\n")})',
);

/**
 * Milliseconds from spawning `faultline code` on a one-sentence file to its first output byte
 * (or its exit), and the process's CPU time.
 */
function firstEvent(file) {
  return new Promise((res, rej) => {
    const t0 = performance.now();
    const p = spawn(process.execPath, ["--import", CPU_AT_EXIT, join(ROOT, "bin/faultline.js"), "code", file, "--date", "2025-12-12"], { cwd: ROOT });
    let err = "";
    p.stderr.on("data", (c) => (err += c));
    let first = null;
    let out = "";
    p.stdout.on("data", (c) => {
      first ??= performance.now() - t0;
      out += c;
    });
    p.on("error", rej);
    p.on("close", (code) => {
      const cpu = /cpu-ms (\d+)/.exec(err);
      res({ firstMs: first, exitMs: performance.now() - t0, cpuMs: cpu ? Number(cpu[1]) : null, code, events: out.split("\n").filter(Boolean).length });
    });
  });
}

const f1 = (x) => x.toFixed(1);
const f2 = (x) => x.toFixed(2);

async function main() {
  if (process.argv[2] === "--child") {
    const [kind, file, outFile, stageCpu] = process.argv.slice(3);
    const res = kind === "bare" ? await childBare(file) : await childFull(file, outFile, stageCpu);
    process.stdout.write(JSON.stringify(res) + "\n");
    return;
  }
  const mb = Number(arg("--mb", "50"));
  const seed = Number(arg("--seed", "20251212"));
  if (!(mb > 0)) throw new Error("--mb must be a positive number");
  try {
    statSync(join(ROOT, "dist/app/coder.js"));
  } catch {
    throw new Error("dist/ is missing: run `npm run build` first");
  }
  const dir = mkdtempSync(join(tmpdir(), "faultline-bench-"));
  const corpus = join(dir, "corpus.jsonl");
  const t0 = performance.now();
  const { docs, bytes } = await makeCorpus(corpus, mb, seed);
  console.log(`corpus: ${docs} documents, ${f1(bytes / 1e6)} MB in ${f1((performance.now() - t0) / 1000)} s (${corpus})`);

  // --pairs N: the bare and the full child run alternately N times and the rates come from the summed CPU,
  // so that a drift of the machine's speed during the run weighs on both sides alike.
  const pairs = Number(arg("--pairs", "1"));
  if (!(Number.isInteger(pairs) && pairs >= 1)) throw new Error("--pairs must be a positive integer");
  const stageCpu = process.argv.includes("--stage-cpu");
  // The full child runs with the V8 flags `faultline code` starts itself with for an input of this size (src/cli/respawn.ts).
  const { codeHeapFlags } = await import(join(ROOT, "dist/cli/respawn.js"));
  const fullFlags = codeHeapFlags(bytes);
  if (fullFlags.length > 0) console.log(`full child runs with ${fullFlags.join(" ")}, as \`faultline code\` does for ${f1(bytes / 1e6)} MB of input`);
  const bares = [];
  const fulls = [];
  for (let k = 0; k < pairs; k++) {
    bares.push(runChild([], "bare", corpus));
    fulls.push(runChild(fullFlags, "full", corpus, join(dir, "events.jsonl"), stageCpu ? "cpu" : "wall"));
  }
  const total = (runs, key) => runs.reduce((n, r) => n + r[key], 0);
  const summed = (runs) => ({
    ...runs[runs.length - 1],
    ms: total(runs, "ms"), cpuMs: total(runs, "cpuMs"), chars: total(runs, "chars"), sentences: total(runs, "sentences"),
    maxRssMb: Math.max(...runs.map((r) => r.maxRssMb)),
  });
  const bare = summed(bares);
  const full = summed(fulls);
  const perRun = fulls[0];
  if (total(fulls, "errors") > 0) console.log(`WARNING: the coder failed on ${total(fulls, "errors")} documents (is dist/ up to date? npm run build)`);
  const one = join(dir, "one.txt");
  writeFileSync(one, "On Tuesday, militants shelled a police checkpoint in Peshawar, killing three officers.\n");
  await firstEvent(one); // warm the file cache once
  const fe = await firstEvent(one);

  const rate = (r) => ({ mbPerCore: r.chars / 1e6 / (r.cpuMs / 1000), mbWall: r.chars / 1e6 / (r.ms / 1000), sentPerCore: r.sentences / (r.cpuMs / 1000) });
  const rb = rate(bare);
  const rf = rate(full);
  const ratio = rf.mbPerCore / rb.mbPerCore;
  console.log(`\nbare wink-nlp (sbd+pos): ${f2(rb.mbPerCore)} MB/s per core (${f2(rb.mbWall)} wall), ${Math.round(rb.sentPerCore)} sentences/s, peak RSS ${Math.round(bare.maxRssMb)} MB`);
  console.log(`full faultline code:     ${f2(rf.mbPerCore)} MB/s per core (${f2(rf.mbWall)} wall), ${Math.round(rf.sentPerCore)} sentences/s, ` +
    `${Math.round(total(fulls, "events") / (full.cpuMs / 1000))} events/s (${perRun.events} events, ${perRun.documents} documents), peak RSS ${Math.round(full.maxRssMb)} MB`);
  console.log(`full / bare:             ${f1(ratio * 100)} %` +
    (pairs > 1 ? ` (summed over ${pairs} alternating pairs; each pair: ${bares.map((b, k) => f1((b.cpuMs / fulls[k].cpuMs) * 100)).join(", ")} %)` : ""));
  console.log(`first event (CLI, one sentence): ${fe.firstMs === null ? "no event written" : Math.round(fe.firstMs) + " ms"}; process exit ${Math.round(fe.exitMs)} ms, ${fe.cpuMs ?? "?"} ms CPU`);
  console.log(`load average (1/5/15 min): ${loadavg().map(f2).join(" ")} on ${availableParallelism()} cores`);
  // Stage figures: the last full run's.
  const last = fulls[fulls.length - 1];
  const stageMs = last.stages.reduce((s, t) => s + t.ms, 0);
  if (stageCpu) {
    const stageCpuMs = last.stages.reduce((s, t) => s + t.cpuMs, 0);
    console.log(`\nCPU by stage (share of the${pairs > 1 ? " last" : ""} full run's CPU):`);
    for (const s of last.stages) console.log(`  ${s.name.padEnd(12)} ${f1((s.cpuMs / last.cpuMs) * 100).padStart(5)} %  ${f2(s.cpuMs / 1000)} s`);
    const outside = last.cpuMs - stageCpuMs;
    console.log(`  ${"(outside)".padEnd(12)} ${f1((outside / last.cpuMs) * 100).padStart(5)} %  ${f2(outside / 1000)} s  (input, document setup, record writing, GC between stages)`);
  } else {
    console.log(`\nstage shares (wall time${pairs > 1 ? ", last full run" : ""}):`);
    for (const s of last.stages) console.log(`  ${s.name.padEnd(12)} ${f1((s.ms / stageMs) * 100).padStart(5)} %  ${f1(s.ms / 1000)} s`);
  }
  const latency = fe.firstMs ?? fe.exitMs;
  const checks = [
    [`>= ${TARGETS.mbPerCore} MB/s per core`, rf.mbPerCore >= TARGETS.mbPerCore],
    [`>= ${TARGETS.ratio * 100} % of bare`, ratio >= TARGETS.ratio],
    [`peak RSS < ${TARGETS.rssMb} MB`, full.maxRssMb < TARGETS.rssMb],
    [`first event < ${TARGETS.firstEventMs} ms`, latency < TARGETS.firstEventMs],
  ];
  console.log("\ntargets:");
  for (const [name, ok] of checks) console.log(`  ${ok ? "ok  " : "MISS"} ${name}`);
  if (process.argv.includes("--keep")) console.log(`\nkept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(`bench: ${err.message}`);
  process.exitCode = 1;
});

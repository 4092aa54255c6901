#!/usr/bin/env node
/**
 * In-process A/B of two builds of the coder, for changes too small for single runs to show
 * on a machine whose speed drifts by ±30 % from minute to minute.
 *
 *   node bench/coder.mjs --mb 10 --keep          # leaves a corpus.jsonl to measure on
 *   node bench/ab.mjs --b ../wt-x/dist --corpus /tmp/faultline-bench-XXXX/corpus.jsonl
 *
 * Both builds (`--a`, default this checkout's dist/, and `--b`) are loaded into one process.
 * Documents are coded in batches, each batch by both builds back to back, the order swapped
 * every batch, and each build's records are written as JSON Lines to a sink that hashes them
 * (a file stream to /dev/null: what `faultline code` does, without the disk). So both builds see the same machine at the same
 * moments, and a drift hits them alike. Printed: each build's CPU time, the ratio B/A over all
 * batches and its spread over rounds, each stage's wall-time ratio, and whether the two builds
 * wrote identical bytes (a speed change that alters output shows here at once).
 *
 * A control: copy a dist/ folder beside itself (`cp -a dist dist-copy`) and compare the two;
 * the ratio then shows the method's own noise (a build given twice would share its modules).
 *
 * Use --rounds 3 or more: the first round still carries some warm-up and is also reported apart.
 * --stage-cpu reports each stage's CPU time (process.cpuUsage around it) instead of its wall
 * time: steadier when other jobs share the machine.
 * CPU is the process's (both builds' GC and compiler threads included); a batch that triggers a
 * collection bills it to whichever build ran then, so use batches of a few hundred documents.
 */
import { createHash } from "node:crypto";
import { readFileSync, WriteStream } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { arg } from "./lib.mjs";

const distA = resolve(arg("--a", new URL("../dist", import.meta.url).pathname));
const distB = arg("--b", "");
const corpus = arg("--corpus", "");
const batch = Number(arg("--batch", "200"));
const rounds = Number(arg("--rounds", "1"));
const warmDocs = Number(arg("--warm", "500"));
// Per-stage CPU (process.cpuUsage around each stage) instead of wall time: steadier on a loaded machine.
const stageCpu = process.argv.includes("--stage-cpu");
const stageField = stageCpu ? "cpuMs" : "ms";
if (!distB || !corpus) {
  console.error("usage: node bench/ab.mjs --b OTHER/dist --corpus FILE.jsonl [--a dist] [--batch 200] [--rounds 1] [--warm 500] [--stage-cpu]");
  process.exit(2);
}
if (!(batch > 0) || !(rounds > 0) || !(warmDocs >= 0)) throw new Error("--batch and --rounds must be positive, --warm at least 0");

/** One build: its coder (stage timings on) and a JSON Lines writer into a hashing sink. */
async function load(dist) {
  const url = (p) => pathToFileURL(resolve(dist, p)).href;
  const { Coder } = await import(url("app/coder.js"));
  const { createWriter } = await import(url("app/output.js"));
  const hash = createHash("sha256");
  let bytes = 0;
  // A file stream (to /dev/null) that hashes what it writes: the writer treats it as the file
  // `faultline code` writes to (it reuses its output buffers only for such streams).
  class Sink extends WriteStream {
    _write(chunk, enc, cb) {
      hash.update(chunk);
      bytes += chunk.length;
      super._write(chunk, enc, cb);
    }
    _writev(chunks, cb) {
      for (const { chunk } of chunks) {
        hash.update(chunk);
        bytes += chunk.length;
      }
      super._writev(chunks, cb);
    }
  }
  const sink = new Sink("/dev/null");
  const coder = new Coder({ timed: true, stageCpu });
  return { dist, coder, writer: createWriter("jsonl", sink), hash, bytes: () => bytes, cpuMs: 0, events: 0, ratios: [] };
}

const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function codeBatch(build, docs) {
  const c0 = cpuNow();
  for (const d of docs) {
    for (const e of build.coder.code(d)) {
      const due = build.writer.add(e);
      if (due) await due;
      build.events++;
    }
  }
  return cpuNow() - c0;
}

const docs = readFileSync(corpus, "utf8")
  .split("\n")
  .filter(Boolean)
  .map((line, i) => {
    try {
      return JSON.parse(line);
    } catch {
      throw new Error(`${corpus}:${i + 1}: not JSON`);
    }
  });
const A = await load(distA);
const B = await load(resolve(distB));
// Warm both (compile, memos, lazily loaded data) on documents the measured rounds then skip.
const warm = docs.slice(0, warmDocs);
await codeBatch(A, warm);
await codeBatch(B, warm);
const measured = docs.slice(warmDocs);
for (const b of [A, B]) {
  b.events = 0;
  b.warmTimings = b.coder.pipeline.timings().map((t) => ({ ...t }));
}

const roundRatios = [];
const roundTotals = [];
let k = 0;
for (let r = 0; r < rounds; r++) {
  let ra = 0;
  let rb = 0;
  for (let i = 0; i < measured.length; i += batch, k++) {
    const part = measured.slice(i, i + batch);
    const order = k % 2 === 0 ? [A, B] : [B, A];
    for (const b of order) {
      const ms = await codeBatch(b, part);
      b.cpuMs += ms;
      if (b === A) ra += ms;
      else rb += ms;
    }
  }
  roundRatios.push(rb / ra);
  roundTotals.push([ra, rb]);
  console.log(`round ${r + 1}: A ${(ra / 1000).toFixed(2)} s, B ${(rb / 1000).toFixed(2)} s, B/A ${(rb / ra).toFixed(3)}`);
}
await A.writer.end();
await B.writer.end();

const f2 = (x) => x.toFixed(2);
console.log(`\n${measured.length} documents x ${rounds} round(s) in batches of ${batch}, after ${warm.length} warm-up documents`);
console.log(`A ${A.dist}: ${f2(A.cpuMs / 1000)} s CPU, ${A.events} events`);
console.log(`B ${B.dist}: ${f2(B.cpuMs / 1000)} s CPU, ${B.events} events`);
console.log(`B/A CPU: ${(B.cpuMs / A.cpuMs).toFixed(3)}` + (rounds > 1 ? ` (rounds ${Math.min(...roundRatios).toFixed(3)} to ${Math.max(...roundRatios).toFixed(3)})` : ""));
if (rounds > 2) {
  // The first round still carries some of both builds' warm-up (late optimisation, memos filling).
  const [sa, sb] = roundTotals.slice(1).reduce(([x, y], [a, b]) => [x + a, y + b], [0, 0]);
  console.log(`B/A CPU without round 1: ${(sb / sa).toFixed(3)}`);
}
console.log(`\nstage ${stageCpu ? "CPU" : "wall"} time, measured part (A s, B s, B/A):`);
const ta = A.coder.pipeline.timings();
const tb = B.coder.pipeline.timings();
for (let i = 0; i < ta.length; i++) {
  const a = ta[i][stageField] - A.warmTimings[i][stageField];
  const bt = tb.find((t) => t.name === ta[i].name);
  const bw = B.warmTimings.find((t) => t.name === ta[i].name);
  const b = bt && bw ? bt[stageField] - bw[stageField] : NaN;
  console.log(`  ${ta[i].name.padEnd(12)} ${f2(a / 1000).padStart(6)} ${f2(b / 1000).padStart(6)}  ${(b / a).toFixed(3)}`);
}
const same = A.hash.digest("hex") === B.hash.digest("hex") && A.bytes() === B.bytes();
console.log(`\noutputs: ${same ? "identical" : "DIFFERENT"} (${A.bytes()} and ${B.bytes()} bytes of JSON Lines)`);
if (!same) process.exitCode = 1;

import { describe, it, expect } from "vitest";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseServeArgs } from "./serve.js";

const ROOT = resolve(import.meta.dirname, "..", "..", "..");

describe("parseServeArgs", () => {
  it("defaults to loopback, port 8080 and the token from the environment", () => {
    expect(parseServeArgs([], { FAULTLINE_API_TOKEN: "env-token-0123456789" })).toMatchObject({ port: 8080, host: "127.0.0.1", token: "env-token-0123456789" });
    expect(parseServeArgs(["--port", "0", "--token", "flag-token-0123456789", "--db", ":memory:"], {})).toMatchObject({ port: 0, token: "flag-token-0123456789", db: ":memory:" });
    expect(parseServeArgs([], { FAULTLINE_API_TOKEN: "" }).token).toBeNull();
  });

  it("refuses bad options", () => {
    for (const args of [["--port", "70000"], ["--port", "x"], ["--token", "short"], ["--host", "a b"], ["--colour", "red"], ["extra"]]) {
      expect(() => parseServeArgs(args, {}), args.join(" ")).toThrow();
    }
  });
});

describe("faultline serve", () => {
  it("starts on loopback, answers, and stops on SIGTERM", async () => {
    const dir = mkdtempSync(join(tmpdir(), "faultline-serve-"));
    const env = { ...process.env };
    delete env.FAULTLINE_API_TOKEN;
    const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "src/cli/run.ts"), "serve", "--db", join(dir, "s.sqlite"), "--port", "0"], { cwd: ROOT, env });
    try {
      const url = await new Promise<string>((ok, fail) => {
        let err = "";
        child.stderr.on("data", (c: Buffer) => {
          err += c;
          const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(err);
          if (m) ok(m[1]);
        });
        child.on("exit", (code) => fail(new Error(`exited ${code}: ${err}`)));
      });
      const status = await (await fetch(`${url}/api/status`)).json();
      expect(status).toMatchObject({ events: 0, writes_enabled: false });
      const write = await fetch(`${url}/api/alerts/run`, { method: "POST" });
      expect(write.status).toBe(403);
      const exited = new Promise<number | null>((ok) => child.on("exit", ok));
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** Helpers of the e2e tests: build the dashboard, start a real `faultline serve`, launch Chromium. */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type BrowserContext } from "playwright-core";

export const ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));
export const SCREENSHOTS = join(ROOT, "test", "artifacts", "screenshots");

/** Build src/web into src/web/dist (throws with Vite's output on failure). */
export function buildWeb(): void {
  const r = spawnSync(process.execPath, [join(ROOT, "node_modules", "vite", "bin", "vite.js"), "build", "src/web", "--logLevel", "warn"], { cwd: ROOT, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`vite build failed:\n${r.stdout}\n${r.stderr}`);
}

export interface Served {
  url: string;
  stop(): Promise<void>;
}

/** Start `faultline serve --port 0` on a store and wait for its address. */
export function serve(db: string, token: string): Promise<Served> {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", join(ROOT, "src", "cli", "run.ts"), "serve", "--db", db, "--port", "0", "--token", token], {
    cwd: ROOT, stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`serve did not start in 90 s:\n${log}`)), 90_000);
    child.once("exit", (code) => fail(new Error(`serve exited with ${code}:\n${log}`)));
    child.stderr!.on("data", (b: Buffer) => {
      log += b.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(log);
      if (!m) return;
      clearTimeout(timer);
      ok({
        url: m[1],
        stop: () => new Promise<void>((done) => {
          if (child.exitCode !== null) return done();
          child.once("exit", () => done());
          child.kill("SIGTERM");
        }),
      });
    });
  });
}

/** The Chromium flags of the tests: headless, no background traffic. */
export const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-quic", "--disable-sync"];

/** Debian's Chromium with a fresh profile, at 1440x900. */
export function launch(): Promise<BrowserContext> {
  const profile = mkdtempSync(join(tmpdir(), "faultline-chromium-"));
  return chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: CHROMIUM_ARGS, viewport: { width: 1440, height: 900 },
  });
}

/** True for URLs that stay on this machine. */
export function isLoopback(url: string): boolean {
  if (url.startsWith("data:") || url.startsWith("blob:") || url === "about:blank") return true;
  const host = new URL(url).hostname;
  return host === "127.0.0.1" || host === "localhost" || host === "[::1]";
}

/**
 * Vite build of the dashboard: Preact via esbuild's automatic JSX runtime, every
 * dependency bundled (no CDN, no web fonts), and a `virtual:codebook` module that
 * reads the names of codes and countries from `ontology/` at build time, so the
 * app shows plain words without carrying a copy of the knowledge base.
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vite";

const here = dirname(fileURLToPath(import.meta.url));
const ontology = resolve(here, "..", "..", "ontology");

type Entry = Record<string, unknown>;
const entries = (rel: string): Entry[] => (JSON.parse(readFileSync(resolve(ontology, rel), "utf8")) as { entries: Entry[] }).entries;

/** The slice of the ontology the dashboard names things with. */
function codebook(): Record<string, unknown> {
  const cameo: Record<string, [string, number | null]> = {};
  for (const e of entries("cameo/codes.json")) cameo[String(e.code)] = [String(e.name), typeof e.goldstein === "number" ? e.goldstein : null];
  const plover: Record<string, string> = {};
  for (const e of entries("plover/types.json")) plover[String(e.type)] = String(e.definition);
  const acled: Record<string, string> = {};
  for (const e of entries("acled/types.json")) acled[String(e.event_type)] = String(e.definition);
  const countries: Record<string, string> = {};
  for (const e of entries("actors/states.json")) countries[String(e.iso3)] = String(e.name);
  return { cameo, plover, acled, countries };
}

const VIRTUAL = "virtual:codebook";
const codebookPlugin = (): Plugin => ({
  name: "faultline-codebook",
  resolveId: (id) => (id === VIRTUAL ? "\0" + VIRTUAL : null),
  load: (id) => (id === "\0" + VIRTUAL ? `export default ${JSON.stringify(codebook())};` : null),
});

export default defineConfig({
  root: here,
  base: "./",
  plugins: [codebookPlugin()],
  esbuild: { jsx: "automatic", jsxImportSource: "preact" },
  build: {
    outDir: resolve(here, "dist"),
    emptyOutDir: true,
    target: "es2022",
    chunkSizeWarningLimit: 1500,
    modulePreload: { polyfill: false },
  },
  server: { host: "127.0.0.1" },
});

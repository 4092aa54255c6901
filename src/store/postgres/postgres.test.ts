import { afterAll, describe, expect, it } from "vitest";
import { runStoreContract } from "../contract.js";
import { openStore } from "../index.js";
import { dropSchema, openPostgres } from "./index.js";

/** The test server (trust auth); override with FAULTLINE_TEST_PG. */
const PG = process.env.FAULTLINE_TEST_PG ?? "postgres://postgres@127.0.0.1:5432/test";
const run = `t${process.pid}_${Date.now().toString(36)}`;
const schemas: string[] = [];

function nextSchema(): string {
  const s = `${run}_${schemas.length}`;
  schemas.push(s);
  return s;
}

afterAll(async () => {
  for (const s of schemas) await dropSchema(PG, s);
});

runStoreContract("postgres", () => openPostgres(PG, { schema: nextSchema() }));

describe("PostgreSQL store URL", () => {
  it("opens through openStore with ?schema= and is isolated", async () => {
    const schema = nextSchema();
    const s = await openStore(`${PG}?schema=${schema}`);
    expect(s.backend).toBe("postgres");
    await s.putDocument({ text: "only here" });
    expect((await s.stats()).documents).toBe(1);
    await s.close();
  });
});

/** The OpenAPI 3.1 description of the API, served at `/api/openapi.json`. */

type Schema = Record<string, unknown>;
type Param = { name: string; in: "query" | "path"; required?: boolean; description: string; schema: Schema };

const str = (description: string, extra: Schema = {}): Schema => ({ type: "string", description, ...extra });
const date = (description: string): Schema => str(description, { format: "date" });
const bool = (description: string): Schema => ({ type: "boolean", description });
const int = (description: string, minimum: number, maximum: number): Schema => ({ type: "integer", description, minimum, maximum });

function q(name: string, schema: Schema, required = false): Param {
  return { name, in: "query", required, description: String(schema.description ?? ""), schema };
}
const pathId = (what: string): Param => ({ name: "id", in: "path", required: true, description: `${what} id`, schema: { type: "string" } });
const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Schema, description = "OK") => ({ description, content: { "application/json": { schema } } });
const errors = {
  "400": { $ref: "#/components/responses/BadRequest" },
  "404": { $ref: "#/components/responses/NotFound" },
};
const writeErrors = {
  ...errors,
  "401": { $ref: "#/components/responses/Unauthorized" },
  "403": { $ref: "#/components/responses/WritesDisabled" },
  "413": { $ref: "#/components/responses/TooLarge" },
  "415": { $ref: "#/components/responses/UnsupportedMediaType" },
};
const SELECTOR =
  "actor selector: field=value terms joined by ',' (fields id, code [prefix], country, sector), or a bare value " +
  "(3 capitals = country, with ':' = knowledge-base id, else code prefix). Example: country=PAK,sector=MIL";
const inclusion = [
  q("include_alleged", bool("count alleged, claimed and denied events (default true)")),
  q("include_historical", bool("count background (historical) events (default false)")),
];
const period = [q("from", date("first day (default: `to` minus the default span)")), q("to", date("last day (default: the latest event day)"))];

const eventFilters: Param[] = [
  q("from", date("first event day")),
  q("to", date("last event day")),
  q("actor", str(`${SELECTOR}; either side`)),
  q("source", str(`${SELECTOR}; the acting side`)),
  q("target", str(`${SELECTOR}; the side acted on`)),
  q("dyad", str("two actor selectors joined by '~' (e.g. PAK~group:ttp)")),
  q("directed", bool("with dyad: only first → second (default false)")),
  q("country", str("ISO 3166-1 alpha-3 of the event location (or of an actor when no location)", { pattern: "^[A-Za-z]{3}$" })),
  q("near", str("lat,lon,km: events located within km of the point", { example: "34.0,71.5,50" })),
  q("cameo", str("CAMEO code prefix", { pattern: "^\\d{2,4}$" })),
  q("root", str("CAMEO roots, comma-separated (01..20)")),
  q("quad", str("quad classes, comma-separated (1..4)")),
  q("plover", str("PLOVER event types, comma-separated")),
  q("acled", str("ACLED event type")),
  q("acled_sub", str("ACLED sub-event type")),
  q("modality", str("modalities, comma-separated: asserted, negated, alleged, claimed, denied, hypothetical, future")),
  q("historical", bool("only background (true) or only current (false) events")),
  q("min_sources", int("minimum number of distinct sources", 1, 100000)),
  q("doc", str("events with a mention from this document id")),
  q("q", str("words searched in the evidence sentences", { maxLength: 200 })),
];
const paging = [q("limit", int("page size (default 50)", 1, 500)), q("cursor", str("the `next` value of the previous page"))];
const ranking = [...period, q("limit", int("how many (default 20)", 1, 500)), q("by", str("rank by", { enum: ["events", "conflict", "killed", "intensity"] })), ...inclusion];
const keyParam = q("key", str("what identifies an actor", { enum: ["id", "code", "country"] }));

export const openapi = {
  openapi: "3.1.0",
  info: {
    title: "Faultline API",
    version: "1.0.0",
    description:
      "Coded conflict events (CAMEO, PLOVER, ACLED) with evidence, dyad series, escalation alerts and networks. " +
      "Reads are open; writes need `Authorization: Bearer <token>`. Errors are `{error: {code, message}}`.",
    license: { name: "MIT", identifier: "MIT" },
  },
  servers: [{ url: "/" }],
  components: {
    securitySchemes: { bearer: { type: "http", scheme: "bearer" } },
    schemas: {
      Error: {
        type: "object", required: ["error"],
        properties: { error: { type: "object", required: ["code", "message"], properties: { code: { type: "string" }, message: { type: "string" } } } },
      },
      Actor: {
        type: ["object", "null"],
        properties: {
          text: { type: "string" }, start: { type: "integer" }, end: { type: "integer" }, name: { type: "string" }, id: { type: "string" },
          code: { type: "string" }, country: { type: ["string", "null"] }, sector: { type: ["string", "null"] },
          kind: { enum: ["state", "organization", "person", "group"] },
        },
      },
      Event: {
        type: "object",
        description: "An event record (contract version 1) merged across reports, plus n_sources, n_articles, first_reported, day; `mentions` only on GET /api/events/{id}.",
        required: ["id", "doc_id", "evidence", "cameo", "cameo_root", "goldstein", "quad_class", "plover", "source", "target", "date", "historical", "modality", "confidence", "rule"],
        properties: {
          id: { type: "string" }, doc_id: { type: "string" }, evidence: { type: "object" }, cameo: { type: "string" }, cameo_root: { type: "string" },
          goldstein: { type: "number" }, quad_class: { enum: [1, 2, 3, 4] }, plover: { type: "object" }, acled: { type: ["object", "null"] },
          source: ref("Actor"), target: ref("Actor"), date: { type: "object" }, historical: { type: "boolean" }, location: { type: ["object", "null"] },
          fatalities: { type: ["object", "null"] }, modality: { type: "string" }, confidence: { type: "number" }, rule: { type: "string" },
          n_sources: { type: "integer" }, n_articles: { type: "integer" }, first_reported: { type: ["string", "null"] }, day: { type: "string" },
          mentions: { type: "array", items: { type: "object" } },
          review: {
            type: "object", description: "The latest review, applied: the contract fields hold the corrected values; `corrected` and `original` the changed fields' new and coded values.",
            properties: { id: { type: "string" }, verdict: { enum: ["right", "wrong"] }, by: { type: "string" }, created_at: { type: "string" }, note: { type: ["string", "null"] }, corrected: { type: "object" }, original: { type: "object" }, added_actor: { type: "string" } },
          },
        },
      },
      EventPage: { type: "object", properties: { items: { type: "array", items: ref("Event") }, next: { type: ["string", "null"] } } },
      SeriesBucket: {
        type: "object",
        properties: {
          start: { type: "string" }, end: { type: "string" }, events: { type: "integer" }, quad: { type: "array", items: { type: "integer" } },
          roots: { type: "object", additionalProperties: { type: "integer" } }, goldstein_sum: { type: "number" }, goldstein_mean: { type: ["number", "null"] },
          plover_sum: { type: "number" }, plover_mean: { type: ["number", "null"] }, killed: { type: "integer" }, injured: { type: "integer" },
          sources: { type: "integer" }, alleged: { type: "integer" }, a_to_b: { type: "integer" },
        },
      },
      Series: {
        type: "object",
        properties: {
          a: { type: "string" }, b: { type: ["string", "null"] }, directed: { type: "boolean" }, interval: { enum: ["day", "week", "month"] },
          from: { type: ["string", "null"] }, to: { type: ["string", "null"] }, buckets: { type: "array", items: ref("SeriesBucket") },
          totals: { type: "object" }, excluded: { type: "object" },
        },
      },
      Alert: {
        type: "object",
        description: "A stored alert; for escalations `detail` holds window, score, baseline and the contributing events and sources.",
        properties: {
          id: { type: "string" }, key: { type: "string" }, kind: { type: "string" }, severity: { enum: ["info", "warning", "critical"] },
          title: { type: "string" }, detail: {}, event_ids: { type: "array", items: { type: "string" } }, created_at: { type: "string" },
          acked_at: { type: ["string", "null"] }, acked_by: { type: ["string", "null"] },
        },
      },
      Review: {
        type: "object", required: ["event_id", "verdict"],
        properties: {
          event_id: { type: "string" }, verdict: { enum: ["right", "wrong"] }, corrections: { type: ["object", "null"] },
          note: { type: ["string", "null"], maxLength: 2000 }, by: { type: "string", maxLength: 100 },
        },
      },
      Ranked: {
        type: "object",
        properties: {
          key: { type: "string" }, events: { type: "integer" }, material_conflict: { type: "integer" }, goldstein_sum: { type: "number" },
          goldstein_mean: { type: ["number", "null"] }, intensity: { type: "number" }, killed: { type: "integer" }, injured: { type: "integer" },
        },
      },
      Actor_KB: {
        type: "object",
        properties: {
          id: { type: "string" }, name: { type: "string" }, kind: { type: "string" }, country: { type: ["string", "null"] },
          aliases: { type: "array", items: { type: "string" } }, roles: { type: "array", items: { type: "object" } },
        },
      },
    },
    responses: {
      BadRequest: json(ref("Error"), "Invalid parameters"),
      NotFound: json(ref("Error"), "No such resource"),
      Unauthorized: json(ref("Error"), "Missing or wrong bearer token"),
      WritesDisabled: json(ref("Error"), "The server was started without a token: writes are disabled"),
      TooLarge: json(ref("Error"), "Body too large"),
      UnsupportedMediaType: json(ref("Error"), "The body is not JSON"),
    },
  },
  paths: {
    "/api/status": { get: { summary: "Store counts, last ingest, latest event day", responses: { "200": json({ type: "object" }) } } },
    "/api/events": { get: { summary: "Events, newest first (keyset pagination)", parameters: [...eventFilters, ...paging], responses: { "200": json(ref("EventPage")), ...errors } } },
    "/api/events/{id}": { get: { summary: "One event with its mentions and evidence", parameters: [pathId("event (or mention record)")], responses: { "200": json(ref("Event")), ...errors } } },
    "/api/dyads/series": {
      get: {
        summary: "Time series of a dyad (or of one actor with anyone)",
        parameters: [
          q("a", str(SELECTOR), true), q("b", str(`${SELECTOR}; omitted: anyone`)), q("directed", bool("only a → b (default false)")),
          q("interval", str("bucket size (default day)", { enum: ["day", "week", "month"] })), ...period, ...inclusion,
        ],
        responses: { "200": json(ref("Series")), ...errors },
      },
    },
    "/api/dyads/top": { get: { summary: "Most active dyads of a period (default: 90 days)", parameters: [...ranking, keyParam], responses: { "200": json({ type: "object", properties: { period: { type: "object" }, dyads: { type: "array", items: ref("Ranked") } } }), ...errors } } },
    "/api/countries/top": { get: { summary: "Most active countries of a period (default: 90 days)", parameters: ranking, responses: { "200": json({ type: "object", properties: { period: { type: "object" }, countries: { type: "array", items: ref("Ranked") } } }), ...errors } } },
    "/api/network": {
      get: {
        summary: "Actor network of a period: nodes, weighted ties, strongest cooperative and conflictual ties",
        parameters: [...period, keyParam, q("min_events", int("drop ties with fewer events", 1, 1000000)), q("top", int("strongest ties listed", 1, 100)), ...inclusion],
        responses: { "200": json({ type: "object" }), ...errors },
      },
    },
    "/api/alerts": {
      get: {
        summary: "Stored alerts, newest first",
        parameters: [q("acked", bool("only acknowledged (true) or open (false)")), q("kind", str("e.g. escalation:dyad, escalation:country")), q("since", str("created at or after (ISO)")), q("limit", int("default 100", 1, 500))],
        responses: { "200": json({ type: "object", properties: { items: { type: "array", items: ref("Alert") } } }), ...errors },
      },
    },
    "/api/alerts/run": {
      post: {
        summary: "Recompute escalation alerts (robust z-score and CUSUM) and store new ones",
        security: [{ bearer: [] }],
        requestBody: {
          required: false,
          content: {
            "application/json": {
              schema: {
                type: "object",
                properties: {
                  from: { type: "string", format: "date" }, to: { type: "string", format: "date" }, days: { type: "integer", minimum: 7, maximum: 3660 },
                  measure: { enum: ["material_conflict", "negative_goldstein"] }, scope: { enum: ["dyad", "country", "both"] },
                  key: { enum: ["id", "code", "country"] }, window: { type: "integer", minimum: 7, maximum: 365 },
                  z_threshold: { type: "number", minimum: 1 }, cusum_h: { type: "number", minimum: 1 }, min_events: { type: "integer", minimum: 0 },
                },
              },
            },
          },
        },
        responses: { "200": json({ type: "object" }), ...writeErrors },
      },
    },
    "/api/alerts/{id}/ack": {
      post: {
        summary: "Acknowledge an alert", security: [{ bearer: [] }], parameters: [pathId("alert")],
        requestBody: { required: false, content: { "application/json": { schema: { type: "object", properties: { by: { type: "string", maxLength: 100 } } } } } },
        responses: { "200": json({ type: "object" }), ...writeErrors },
      },
    },
    "/api/actors": { get: { summary: "Search the actor knowledge base by name or alias", parameters: [q("q", str("words or word prefixes"), true), q("limit", int("default 20", 1, 100))], responses: { "200": json({ type: "object", properties: { items: { type: "array", items: ref("Actor_KB") } } }), ...errors } } },
    "/api/actors/{id}": { get: { summary: "One actor with its dated roles", parameters: [pathId("knowledge-base actor")], responses: { "200": json(ref("Actor_KB")), ...errors } } },
    "/api/new-actors": { get: { summary: "Actors seen in events but missing from the knowledge base (default: 365 days)", parameters: [...period, q("limit", int("default 100", 1, 500))], responses: { "200": json({ type: "object" }), ...errors } } },
    "/api/documents": {
      get: {
        summary: "Stored documents, most recently ingested first",
        parameters: [...period, q("q", str("full-text search")), q("feed", str("feed URL or label")), q("uncoded", bool("only uncoded (true) or coded (false)")), ...paging],
        responses: { "200": json({ type: "object" }), ...errors },
      },
    },
    "/api/documents/{id}": { get: { summary: "One document with its text", parameters: [pathId("document")], responses: { "200": json({ type: "object" }), ...errors } } },
    "/api/ingest": {
      post: {
        summary: "Store and code a text or a web page",
        security: [{ bearer: [] }],
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: {
                type: "object", description: "exactly one of text or url",
                properties: { text: { type: "string", maxLength: 1000000 }, url: { type: "string", format: "uri" }, title: { type: "string" }, date: { type: "string", format: "date" } },
              },
            },
          },
        },
        responses: { "200": json({ type: "object" }), "501": json(ref("Error"), "Ingestion not available"), ...writeErrors },
      },
    },
    "/api/export": {
      get: {
        summary: "Export matching events (streamed)",
        parameters: [
          q("format", str("default jsonl; `reviews`: every review as JSON Lines, oldest first (event filters refused)", { enum: ["jsonl", "csv", "gdelt", "acled", "plover", "reviews"] })),
          q("exclude_rejected", bool("leave out events whose latest review says wrong (default false: kept, flagged in `review`)")), ...eventFilters,
        ],
        responses: { "200": { description: "The export file" }, "501": json(ref("Error"), "Format not available"), ...errors },
      },
    },
    "/api/reviews": {
      get: { summary: "Review verdicts and corrections, newest first", parameters: [q("event_id", str("only for this event")), q("limit", int("default 100", 1, 500))], responses: { "200": json({ type: "object", properties: { items: { type: "array", items: ref("Review") } } }), ...errors } },
      post: {
        summary: "Record a review verdict (and corrections) for an event", security: [{ bearer: [] }],
        requestBody: { required: true, content: { "application/json": { schema: ref("Review") } } },
        description:
          "corrections: `{cameo}` (a codebook code; stored with its root, Goldstein, quad class, PLOVER and ACLED defaults), `{source|target: {id} | {code} | null}` (stored as the contract Actor on the event's date), `{add_actor: {name, kind, country, code, sector?, aliases?, unknown_id?, id?}}` (written to the server's knowledge-base additions file; the event side with that unknown id is corrected to it). The latest review of an event is applied to it on read and export.",
        responses: {
          "201": json(ref("Review")), "409": json(ref("Error"), "The added actor's id, name or an alias already names an actor"),
          "501": json(ref("Error"), "No knowledge-base additions file (or codebook) on this server"), ...writeErrors,
        },
      },
    },
    "/api/openapi.json": { get: { summary: "This document", responses: { "200": json({ type: "object" }) } } },
  },
} as const;

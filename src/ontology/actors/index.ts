/** The actor knowledge base: loading, indexing, phrase reading and resolution. */
export { ActorKB, SentenceMatches, aliasKey, hasCue, hasHit, FORMER_ROLE_TITLE, type ActorRef, type Hit, type KeyReader, type Match } from "./kb.js";
export { scanKeys, normalizePhrase, type Key } from "./normalize.js";
export { readChain, readPronoun, pickActor, type ChainActor, type ChainOptions, type ContextKeys, type PronounHit } from "./chain.js";
export { resolveActor } from "./resolve.js";
export { actorAliasIssues, type ActorIssue } from "./check.js";
export { scoreResolution, queryDate, type ResolutionCase, type ResolutionScore, type ResolutionMiss } from "./score.js";
export { readClaimantName, readUnknownName, type UnknownName } from "./unknown.js";
export { loadActorKB, readActorEntries, actorFiles, ActorKBError, type LoadActorOptions } from "./load.js";
export type * from "./types.js";
export {
  ADDITIONS_SCHEMA, AdditionsError, additionsIssues, emptyAdditions, entryIssues, entrySchemaIssues, knownName, readAdditionsFile,
  type AdditionIssue,
} from "./additions.js";

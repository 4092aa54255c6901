/** API errors: every failure leaves as `{error: {code, message}}` with a 4xx/5xx status. */
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** A client (or server) error with a stable machine-readable code. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** 400 with code "bad_request" (or a more precise code). */
export function badRequest(message: string, code = "bad_request"): ApiError {
  return new ApiError(400, code, message);
}

/** 404 for a missing resource. */
export function notFound(what: string): ApiError {
  return new ApiError(404, "not_found", `${what} not found`);
}

/** The JSON body of an error response. */
export function errorBody(code: string, message: string): { error: { code: string; message: string } } {
  return { error: { code, message } };
}

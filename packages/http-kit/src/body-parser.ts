import express, { type RequestHandler } from 'express';

/**
 * express.json with a size limit, for `application/json` and `application/*+json`. Its body
 * reader (raw-body) re-enters the request's async context when the body has arrived, so handlers
 * after it still see the active span (a test holds that).
 */
export function jsonBody(limit: string | number): RequestHandler {
  return express.json({ limit, type: ['application/json', 'application/*+json'] });
}

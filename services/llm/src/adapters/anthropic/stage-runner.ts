import { PulseError, describeError } from '@pulse/errors';
import type { z } from 'zod';
import { parseToolInput, withRepairInstruction, type StageRequest } from '../../domain/prompts';
import { ZERO_USAGE, addUsage, type TokenUsage } from '../../domain/summary.types';
import type { ResilientCaller } from './resilient-caller';
import { toolInputOf, usageOf } from './reply-reader';

/** Checks a parsed reply beyond its schema (e.g. that quotes exist); returns problems, or none. */
export type ReplyCheck<T> = (value: T) => string[];

export type StageOutcome<T> =
  | { ok: true; value: T; model: string; usage: TokenUsage; calls: number }
  | {
      ok: false;
      /** A short code: invalid-reply, circuit-open, anthropic-unavailable, rate-limited, ... */
      reason: string;
      detail: string;
      /** True when the API itself failed (later stages should not try it again). */
      apiFailure: boolean;
      usage: TokenUsage;
      calls: number;
    };

/**
 * Runs one stage: call, read the forced tool call, validate with the schema and `check`; on an
 * unusable reply, one repair call that tells the model what was wrong. Never throws: API failures
 * (already retried by the caller) and unusable replies both come back as `ok: false`.
 */
export async function runStage<T>(
  caller: ResilientCaller,
  request: StageRequest,
  schema: z.ZodType<T>,
  check: ReplyCheck<T> = () => [],
): Promise<StageOutcome<T>> {
  let usage = { ...ZERO_USAGE };
  let calls = 0;
  let current = request;
  let problems: string[] = [];
  for (let round = 0; round < 2; round += 1) {
    let message;
    try {
      calls += 1;
      message = await caller.createMessage(current.params);
    } catch (error) {
      const reason = error instanceof PulseError ? error.code : 'anthropic-error';
      return { ok: false, reason, detail: describeError(error), apiFailure: true, usage, calls };
    }
    usage = addUsage(usage, usageOf(message.usage));
    const input = toolInputOf(message, request.toolName);
    if (input.ok) {
      const parsed = parseToolInput(schema, input.input);
      problems = parsed.ok ? check(parsed.value) : parsed.problems;
      if (parsed.ok && problems.length === 0) return { ok: true, value: parsed.value, model: message.model, usage, calls };
    } else {
      problems = [input.problem];
    }
    current = withRepairInstruction(request, problems);
  }
  return { ok: false, reason: 'invalid-reply', detail: problems.join('; '), apiFailure: false, usage, calls };
}

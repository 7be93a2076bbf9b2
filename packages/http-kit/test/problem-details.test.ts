import { ForbiddenError, NotFoundError, PermanentError, RateLimitedError, RetriableError, ValidationError } from '@pulse/errors';
import { toProblem } from '../src';

const at = { instance: '/api/v1/posts/1', requestId: 'r-1', typeBase: 'urn:pulse:problem:' };

describe('toProblem', () => {
  it('turns a ValidationError into a 400 with its errors member', () => {
    const problem = toProblem(new ValidationError('The request is invalid', ['body.url: Invalid URL']), at);
    expect(problem).toEqual({
      status: 400,
      headers: { 'Content-Type': 'application/problem+json' },
      body: {
        type: 'urn:pulse:problem:validation-failed',
        title: 'Bad Request',
        status: 400,
        detail: 'The request is invalid',
        instance: '/api/v1/posts/1',
        code: 'validation-failed',
        requestId: 'r-1',
        errors: ['body.url: Invalid URL'],
      },
    });
  });

  it('keeps the standard members when details try to override them', () => {
    const error = new PermanentError('bad', { code: 'x', details: { status: 200, type: 'spoof' } });
    expect(toProblem(error, at).body).toMatchObject({ status: 422, type: 'urn:pulse:problem:x' });
  });

  it('adds Retry-After for a RateLimitedError, rounded up to whole seconds', () => {
    const problem = toProblem(new RateLimitedError(2.2), at);
    expect(problem.status).toBe(429);
    expect(problem.headers['Retry-After']).toBe('3');
    expect(problem.body.title).toBe('Too Many Requests');
  });

  it('adds Retry-After for a retriable 503 that carries one and hides its message', () => {
    const problem = toProblem(new RetriableError('redis at 10.1.2.3 down', { retryAfterSeconds: 5 }), at);
    expect(problem.status).toBe(503);
    expect(problem.headers['Retry-After']).toBe('5');
    expect(problem.body.detail).not.toContain('10.1.2.3');
  });

  it.each([
    [new NotFoundError('Post', '1'), 404, 'not-found'],
    [new ForbiddenError('nope'), 403, 'forbidden'],
  ])('maps %p to its own status', (error, status, code) => {
    expect(toProblem(error, at)).toMatchObject({ status, body: { code } });
  });

  it('maps anything unknown to a 500 with a generic detail', () => {
    for (const thrown of [new TypeError('x is undefined'), 'a string', null, { status: 500, message: 'db password wrong' }]) {
      const problem = toProblem(thrown, at);
      expect(problem.status).toBe(500);
      expect(problem.body.detail).toBe('An unexpected error occurred; it has been logged');
    }
  });

  it('keeps the status of an exposed client error from a library (http-errors)', () => {
    const error = Object.assign(new Error('unsupported charset "X"'), { status: 415, expose: true, type: 'charset.unsupported' });
    expect(toProblem(error, at)).toMatchObject({ status: 415, body: { code: 'unsupported-charset', title: 'Unsupported Media Type' } });
  });
});

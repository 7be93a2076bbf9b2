import { isRetriable, PermanentError, RetriableError, ValidationError, describeError } from '../src';

describe('error taxonomy', () => {
  it('classifies Pulse errors by their own flag', () => {
    expect(isRetriable(new RetriableError('db down'))).toBe(true);
    expect(isRetriable(new PermanentError('bad'))).toBe(false);
    expect(isRetriable(new ValidationError('bad', ['x is required']))).toBe(false);
  });

  it('treats network and PostgreSQL connection failures as retriable and unknown errors as permanent', () => {
    expect(isRetriable(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isRetriable(Object.assign(new Error('serialization'), { code: '40001' }))).toBe(true);
    expect(isRetriable(new Error('Connection terminated unexpectedly'))).toBe(true);
    // TypeORM's answer on a transaction whose connection died; bundlers may suffix the class name.
    expect(isRetriable(Object.assign(new Error('Query runner already released'), { name: 'QueryRunnerAlreadyReleasedError2' }))).toBe(true);
    expect(isRetriable(new TypeError('x is undefined'))).toBe(false);
  });

  it('carries validation details for problem+json', () => {
    const error = new ValidationError('Invalid body', ['name: required']);
    expect(error.status).toBe(400);
    expect(error.details).toEqual({ errors: ['name: required'] });
    expect(describeError(error)).toBe('ValidationError: Invalid body');
  });
});

// kafkajs 2.2.4 re-arms a 1 ms timer forever on every broker connection once it has answered a
// request (tulios/kafkajs#1556, #1704): an idle service burned 56-85 ms of CPU per second per
// producer. patches/kafkajs@2.2.4.patch (pnpm patchedDependencies) stops it; this guards against
// an upgrade or a reinstall silently dropping the patch.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const RequestQueue = require('kafkajs/src/network/requestQueue');

const silentLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

function idleQueue() {
  return new RequestQueue({ maxInFlightRequests: null, requestTimeout: 30_000, enforceRequestTimeout: true, clientId: 'patch-test', broker: '127.0.0.1:0', logger: silentLogger });
}

describe('kafkajs request queue (patched)', () => {
  it('schedules no check when nothing is pending and nothing is throttled', () => {
    const queue = idleQueue();
    queue.checkPendingRequests(); // what every answered request ends with
    expect(queue.throttleCheckTimeoutId).toBeNull();
  });

  it('still schedules the check that ends a broker throttle', () => {
    const queue = idleQueue();
    queue.throttledUntil = Date.now() + 60_000;
    queue.checkPendingRequests();
    expect(queue.throttleCheckTimeoutId).not.toBeNull();
    clearTimeout(queue.throttleCheckTimeoutId);
  });
});

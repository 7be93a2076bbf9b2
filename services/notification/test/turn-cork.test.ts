import { Writable } from 'node:stream';
import { TurnCork } from '../src/adapters/stream/turn-cork';

/** A stream that records how many chunks reach the underlying resource per call (one call = one system call on a socket). */
function recordingStream(): { stream: Writable; calls: number[] } {
  const calls: number[] = [];
  const stream = new Writable({
    write(_chunk, _encoding, callback) {
      calls.push(1);
      callback();
    },
    writev(chunks, callback) {
      calls.push(chunks.length);
      callback();
    },
  });
  return { stream, calls };
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('TurnCork', () => {
  it('sends the writes of one event-loop turn in one call, and each later turn on its own', async () => {
    const { stream, calls } = recordingStream();
    const cork = new TurnCork(stream);
    for (const frame of ['a', 'b', 'c']) {
      cork.hold();
      stream.write(frame);
    }
    expect(calls).toEqual([]);
    await nextTurn();
    expect(calls).toEqual([3]);

    cork.hold();
    stream.write('d');
    await nextTurn();
    expect(calls).toEqual([3, 1]);
  });
});

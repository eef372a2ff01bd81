import workerThreads = require('node:worker_threads');

// autocannon's onResponse (CommonJS, `require`d in its worker, like a setupRequest module): a run of a fixed
// amount ends on autocannon's next one-second tick, not at its last answer, so its own duration is up to a second
// long. This tells the main thread when the last answer arrived: once `amount` answers were counted, it posts the
// time (ms since the epoch, sub-millisecond) on the run's BroadcastChannel.

interface Context {
  lastResponse?: { channel: string; amount: number };
}

let seen = 0;

function onResponse(_status: number, _body: unknown, context: Context): void {
  const want = context.lastResponse;
  if (!want || ++seen !== want.amount) return;
  const channel = new workerThreads.BroadcastChannel(want.channel);
  channel.postMessage(performance.timeOrigin + performance.now());
  channel.close();
}

export = onResponse;

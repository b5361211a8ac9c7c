// Shared plumbing for the driver scripts: one JSON command per stdin line, one JSON object per stdout line.
'use strict';
const readline = require('readline');

function emit(obj) {
  process.stdout.write(JSON.stringify(obj) + '\n');
}

// Runs handlers[op](command) for each command and replies {id, ...result} or {id, error}.
function serve(handlers) {
  const rl = readline.createInterface({ input: process.stdin, terminal: false });
  rl.on('line', async (line) => {
    if (!line.trim()) return;
    let cmd;
    try {
      cmd = JSON.parse(line);
    } catch (e) {
      emit({ event: 'error', message: 'bad command: ' + line });
      return;
    }
    const handler = handlers[cmd.op];
    if (!handler) {
      emit({ id: cmd.id, error: 'unknown op ' + cmd.op });
      return;
    }
    try {
      const result = await handler(cmd);
      emit(Object.assign({ id: cmd.id }, result || {}));
    } catch (e) {
      emit({ id: cmd.id, error: String(e && e.stack ? e.stack : e) });
    }
  });
  rl.on('close', () => process.exit(0));
}

function required(name) {
  const v = process.env[name];
  if (!v) {
    emit({ event: 'error', message: 'missing environment variable ' + name });
    process.exit(2);
  }
  return v;
}

// Fails the promise after ms milliseconds.
function within(promise, ms, what) {
  return Promise.race([
    promise,
    new Promise((_, reject) => setTimeout(() => reject(new Error(what + ' timed out after ' + ms + ' ms')), ms)),
  ]);
}

// How long the SDKs may take to become ready: generous, the test machine is shared and loaded.
const START_WAIT_MS = Number(process.env.FB_START_WAIT_TIME || 90000);

// Emits {event:"ready"} once every client is initialized, or {event:"error"} after START_WAIT_MS. An SDK's own
// start timeout only means "not yet" (it keeps connecting), so initialized() is polled until the deadline.
async function awaitReady(clients) {
  const deadline = Date.now() + START_WAIT_MS;
  await Promise.all(clients.map((c) => c.waitForInitialization().catch(() => undefined)));
  while (!clients.every((c) => c.initialized())) {
    if (Date.now() > deadline) {
      emit({ event: 'error', message: 'SDK not initialized within ' + START_WAIT_MS + ' ms' });
      return;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  emit({ event: 'ready' });
}

module.exports = { emit, serve, required, within, awaitReady, START_WAIT_MS };

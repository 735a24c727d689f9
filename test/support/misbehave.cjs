// Preloaded into a main.ts child process by test/integration/process-policy.test.ts to make it
// misbehave on demand, the way a bug in a background path would: SIGUSR2 leaves a rejected
// promise that nothing awaits; SIGHUP throws from a timer callback, outside any try/catch.
process.on('SIGUSR2', () => {
  void Promise.reject(new Error('a forgotten promise failed'));
});
process.on('SIGHUP', () => {
  setImmediate(() => {
    throw new Error('a bug threw outside any handler');
  });
});

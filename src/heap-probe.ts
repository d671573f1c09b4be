/**
 * A parent that started this server with an IPC channel (the hardening suite, `npm run bench soak`)
 * may ask for the heap after a full collection: `{ type: 'heap' }` is answered with
 * `{ type: 'heap', heapUsed, rss, … }` (collected first when node runs with --expose-gc). Nothing
 * listens without such a parent, and the channel never keeps the process alive.
 */
export function answerHeapProbes(): void {
  if (!process.send) return;
  process.channel?.unref();
  process.on('message', (message: { type?: string }) => {
    if (message?.type !== 'heap') return;
    (globalThis as { gc?: () => void }).gc?.();
    process.send?.({ type: 'heap', collected: typeof (globalThis as { gc?: unknown }).gc === 'function', ...process.memoryUsage() });
  });
}

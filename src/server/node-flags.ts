// How Node runs the server.

/**
 * Node flags of the server (`npm start` passes them; test/package.test.ts checks it does). A full batch at detail
 * "steps" builds a few megabytes of short-lived objects: with V8's default young generation they outlive
 * its collections and are copied, which cost a third of such a request (measured: 1000 of the longest
 * phrases 67 → 39 ms in process).
 */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=32'] as const;

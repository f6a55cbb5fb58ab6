// test/support/trivial-server.ts as its own process for the rate bench (not pinned: it takes
// whichever core is free): prints its URL, serves until SIGTERM.
import { startTrivialServer } from '../test/support/trivial-server.js';

const server = await startTrivialServer();
process.stdout.write(`${server.url}\n`);
process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));

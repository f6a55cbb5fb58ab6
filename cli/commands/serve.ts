// `o11y serve`: the gradebook service on the host, for development.
import type { Command } from 'commander';
import { buildApp } from '../../server/app.js';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the gradebook service on this host (needs a PostgreSQL)')
    .option('-p, --port <port>', 'port to listen on', '8000')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--database-url <url>', 'PostgreSQL URL (default: $DATABASE_URL)')
    .addHelpText('after', '\nExample:\n  $ o11y serve --port 8000 --database-url postgres://postgres@127.0.0.1:5432/gradebook')
    .action(async (opts: { port: string; host: string; databaseUrl?: string }) => {
      const app = await buildApp({ databaseUrl: opts.databaseUrl ?? process.env.DATABASE_URL ?? '', logger: true });
      await app.listen({ port: Number(opts.port), host: opts.host });
    });
}

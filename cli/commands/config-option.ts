// --config, the same on every command. `-c` is not its short form: it means --connections, in
// `o11y load`, as in autocannon, wrk and hey; here it is caught and pointed to --config.
import { Option } from 'commander';
import { UserError } from '../errors.js';

/** `--config <file>`: the lab's o11y.yaml when it is not ./o11y.yaml. */
export function configOption(what = 'config file'): Option {
  return new Option('--config <file>', `${what} (default ./o11y.yaml, or O11Y_CONFIG)`);
}

/** A hidden `-c` that explains itself instead of commander's bare "unknown option". */
export function shortConfigRefused(): Option {
  return new Option('-c <file>').hideHelp().argParser((file: string) => {
    throw new UserError('-c is not --config: in o11y, -c is short for --connections (o11y load).', {
      code: 'O11Y_FLAG_INVALID',
      hint: `Name the config file in full: --config ${file}`,
    });
  });
}

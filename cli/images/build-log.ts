// One image build's log: every line to a file in the state folder, the last few kept
// in memory to show when the build fails.
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { mkdirForUser, openForUser } from '../sudo-owner.js';

// Lines that say nothing about why a build failed.
const NOISE = /^(Removing intermediate container|\s*---> )/;

export class BuildLog {
  private readonly out;
  private readonly tail: string[] = [];

  constructor(
    readonly file: string,
    private readonly keep = 20,
  ) {
    mkdirForUser(path.dirname(file));
    this.out = createWriteStream(file, { fd: openForUser(file) });
  }

  readonly write = (line: string): void => {
    this.out.write(line + '\n');
    if (line.trim() === '' || NOISE.test(line)) return;
    this.tail.push(line);
    if (this.tail.length > this.keep) this.tail.shift();
  };

  /** To the file only (the caller shows it already). */
  note(line: string): void {
    this.out.write(line + '\n');
  }

  lastLines(): string[] {
    return [...this.tail];
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.out.end(resolve));
  }
}

// One image build's log: every line to a file in the state folder, the last few kept
// in memory to show when the build fails.
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';

export class BuildLog {
  private readonly out;
  private readonly tail: string[] = [];

  constructor(
    readonly file: string,
    private readonly keep = 20,
  ) {
    mkdirSync(path.dirname(file), { recursive: true });
    this.out = createWriteStream(file);
  }

  readonly write = (line: string): void => {
    this.out.write(line + '\n');
    if (line.trim() === '') return;
    this.tail.push(line);
    if (this.tail.length > this.keep) this.tail.shift();
  };

  lastLines(): string[] {
    return [...this.tail];
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.out.end(resolve));
  }
}

// Where each HTTP/1.1 response ends in the bytes a connection reads, and its status: a byte-wise
// state machine over the socket's shared read buffer that keeps a few integers per connection and
// allocates nothing per response. The load engine needs no more (no header strings, no body), and
// a general parser (autocannon's http-parser-js) allocates header strings and body slices for
// every answer, garbage that shows up as collector pauses in the latencies it measures. Only the
// status and three headers are read byte by byte; any other header is skipped from the first byte
// of its name that rules those out (about 0.6 µs per nginx answer here, against 0.8 when every
// name was read to its colon).
//
// Framing as RFC 9112 §6.3: no body for 1xx/204/304 and answers to HEAD; chunked; Content-Length;
// otherwise the body runs until the server closes the connection (`endOfInput`).

const STATUS = 0;
const HEADER_START = 1;
const HEADER_NAME = 2;
const HEADER_VALUE = 3;
const HEAD_END = 4;
const BODY = 5;
const BODY_UNTIL_CLOSE = 6;
const CHUNK_SIZE = 7;
const CHUNK_EXTENSION = 8;
const CHUNK_DATA = 9;
const CHUNK_DATA_END = 10;
const TRAILER_START = 11;
const TRAILER_LINE = 12;
/** The rest of a header line we do not act on. */
const SKIP_LINE = 13;
/** The rest of a header name we do not act on, up to its colon. */
const SKIP_NAME = 14;

const CR = 13;
const LF = 10;
const COLON = 58;

// Header names we act on, lower case; candidates are tracked as bits while a name is read.
const NAMES = ['content-length', 'transfer-encoding', 'connection'].map((n) => Buffer.from(n));
const CONTENT_LENGTH = 1;
const TRANSFER_ENCODING = 2;
const CONNECTION = 4;
const CHUNKED = Buffer.from('chunked');
const CLOSE = Buffer.from('close');

const lower = (b: number) => (b >= 65 && b <= 90 ? b | 0x20 : b);

export class ResponseParser {
  private state = STATUS;
  /** Status line: 0 before the first space, 1-3 digits read, 4 the rest of the line. */
  private statusPhase = 0;
  private status = 0;
  private nameLength = 0;
  private candidates = 0;
  private header = 0;
  /** Progress matching "chunked" / "close" in a header value (-1: this transfer coding is not chunked). */
  private match = 0;
  private contentLength = -1;
  private chunked = false;
  private remaining = 0;
  private lastVersionDigit = 0;
  /** The server said `Connection: close` (or answered with HTTP/1.0): it closes after this answer. */
  closing = false;
  /** Why the bytes cannot be an HTTP/1.1 response, once they could not. */
  error?: string;

  constructor(
    /** Called once per complete final response (1xx informational answers are skipped). */
    private readonly onResponse: (status: number) => void,
    /** Answers to HEAD have no body whatever their headers say. */
    private readonly head = false,
  ) {}

  /** Consumes bytes [0, length) of `buf`; returns false (and sets `error`) on bytes that are not a response. */
  execute(buf: Uint8Array, length: number): boolean {
    let i = 0;
    while (i < length) {
      switch (this.state) {
        case BODY: {
          const n = Math.min(this.remaining, length - i);
          this.remaining -= n;
          i += n;
          if (this.remaining === 0) this.complete();
          continue;
        }
        case CHUNK_DATA: {
          const n = Math.min(this.remaining, length - i);
          this.remaining -= n;
          i += n;
          if (this.remaining === 0) this.state = CHUNK_DATA_END;
          continue;
        }
        case BODY_UNTIL_CLOSE:
          return true;
        case SKIP_NAME: {
          while (i < length && buf[i] !== COLON) if (buf[i++] === LF) return this.fail('header line without a colon');
          if (i === length) return true;
          i++;
          this.state = SKIP_LINE;
          continue;
        }
        case SKIP_LINE: {
          // Most of a head is lines we do not act on: skip them natively, not byte by byte.
          const lf = buf.indexOf(LF, i);
          if (lf < 0 || lf >= length) return true;
          i = lf + 1;
          this.state = HEADER_START;
          continue;
        }
      }
      if (!this.byte(buf[i++])) return false;
    }
    return true;
  }

  /**
   * The server closed the connection: completes a response whose body runs until the close.
   * Returns whether a response was cut short (a request on the wire gets no complete answer).
   */
  endOfInput(): boolean {
    if (this.state === BODY_UNTIL_CLOSE) {
      this.complete();
      return false;
    }
    return this.state !== STATUS || this.statusPhase !== 0;
  }

  private byte(b: number): boolean {
    switch (this.state) {
      case STATUS:
        return this.statusByte(b);
      case HEADER_START:
        if (b === CR) this.state = HEAD_END;
        else if (b === LF) return this.headEnd();
        else {
          this.state = HEADER_NAME;
          this.nameLength = 0;
          this.candidates = CONTENT_LENGTH | TRANSFER_ENCODING | CONNECTION;
          this.nameByte(b);
          if (this.candidates === 0) this.state = SKIP_NAME;
        }
        return true;
      case HEADER_NAME:
        if (b === COLON) {
          this.header = 0;
          for (let k = 0; k < NAMES.length; k++) if (this.candidates & (1 << k) && NAMES[k].length === this.nameLength) this.header = 1 << k;
          this.match = 0;
          if (this.header === CONTENT_LENGTH) this.contentLength = 0;
          this.state = this.header === 0 ? SKIP_LINE : HEADER_VALUE;
        } else if (b === LF) return this.fail('header line without a colon');
        else {
          this.nameByte(b);
          // A name that can no longer be one we act on: the rest of it, and of its line, is skipped.
          if (this.candidates === 0) this.state = SKIP_NAME;
        }
        return true;
      case HEADER_VALUE:
        if (b === LF) this.state = HEADER_START;
        else this.valueByte(b);
        return this.error === undefined;
      case HEAD_END:
        return b === LF ? this.headEnd() : this.fail('CR without LF after the headers');
      case CHUNK_SIZE: {
        const d = hexDigit(b);
        if (d >= 0) {
          this.remaining = this.remaining * 16 + d;
          if (this.remaining > Number.MAX_SAFE_INTEGER / 16) return this.fail('chunk size too large');
        } else if (b === LF) this.endChunkSize();
        else if (b !== CR) this.state = CHUNK_EXTENSION;
        return true;
      }
      case CHUNK_EXTENSION:
        if (b === LF) this.endChunkSize();
        return true;
      case CHUNK_DATA_END:
        if (b === LF) {
          this.state = CHUNK_SIZE;
          this.remaining = 0;
        }
        return true;
      case TRAILER_START:
        if (b === LF) this.complete();
        else if (b !== CR) this.state = TRAILER_LINE;
        return true;
      case TRAILER_LINE:
        if (b === LF) this.state = TRAILER_START;
        return true;
    }
    return true;
  }

  private statusByte(b: number): boolean {
    if (this.statusPhase === 0) {
      // "HTTP/1.1 200 OK": the version up to the first space.
      if (this.nameLength === 0 && b !== 72 /* H */) return this.fail('not an HTTP response');
      this.nameLength++;
      if (b === 32) {
        // HTTP/1.0 closes after each answer unless it says keep-alive; we do not reuse it.
        this.closing = this.nameLength === 9 && this.lastVersionDigit === 48;
        this.statusPhase = 1;
        this.status = 0;
      } else this.lastVersionDigit = b;
      return true;
    }
    if (this.statusPhase <= 3) {
      if (b < 48 || b > 57) return this.fail('status code is not three digits');
      this.status = this.status * 10 + (b - 48);
      this.statusPhase++;
      if (this.statusPhase === 4) {
        // The reason phrase is not needed; the headers come next.
        this.state = SKIP_LINE;
        this.contentLength = -1;
        this.chunked = false;
      }
      return true;
    }
    return true;
  }

  private nameByte(b: number): void {
    const c = lower(b);
    const at = this.nameLength++;
    for (let k = 0; k < NAMES.length; k++) {
      const bit = 1 << k;
      if (this.candidates & bit && NAMES[k][at] !== c) this.candidates &= ~bit;
    }
  }

  private valueByte(b: number): void {
    if (this.header === CONTENT_LENGTH) {
      if (b >= 48 && b <= 57) this.contentLength = this.contentLength * 10 + (b - 48);
      else if (b !== 32 && b !== 9 && b !== CR) this.fail('Content-Length is not a number');
    } else if (this.header === TRANSFER_ENCODING) {
      // Chunked frames the body only as the last coding of the last such field (RFC 9112 §6.3):
      // "chunked, gzip" runs until the close. `match` counts the letters of "chunked" the current
      // coding has matched, -1 once it cannot be chunked; a comma starts the next coding.
      if (b === 44) this.match = 0;
      else if (b !== 32 && b !== 9 && b !== CR) this.match = this.match >= 0 && lower(b) === CHUNKED[this.match] ? this.match + 1 : -1;
      this.chunked = this.match === CHUNKED.length;
    } else if (this.header === CONNECTION) {
      this.match = lower(b) === CLOSE[this.match] ? this.match + 1 : lower(b) === CLOSE[0] ? 1 : 0;
      if (this.match === CLOSE.length) this.closing = true;
    }
  }

  private headEnd(): boolean {
    const s = this.status;
    if (s >= 100 && s < 200 && s !== 101) {
      // Informational: the final answer follows.
      this.state = STATUS;
      this.statusPhase = 0;
      this.nameLength = 0;
      return true;
    }
    if (this.head || s === 204 || s === 304) this.complete();
    else if (this.chunked) {
      this.state = CHUNK_SIZE;
      this.remaining = 0;
    } else if (this.contentLength >= 0) {
      this.remaining = this.contentLength;
      if (this.remaining === 0) this.complete();
      else this.state = BODY;
    } else this.state = BODY_UNTIL_CLOSE;
    return true;
  }

  private endChunkSize(): void {
    if (this.remaining === 0) this.state = TRAILER_START;
    else this.state = CHUNK_DATA;
  }

  private complete(): void {
    this.state = STATUS;
    this.statusPhase = 0;
    this.nameLength = 0;
    this.onResponse(this.status);
  }

  private fail(why: string): false {
    this.error = why;
    return false;
  }
}

function hexDigit(b: number): number {
  if (b >= 48 && b <= 57) return b - 48;
  const c = b | 0x20;
  return c >= 97 && c <= 102 ? c - 87 : -1;
}

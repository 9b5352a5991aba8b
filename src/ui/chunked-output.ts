// Long output (a list of a company's millions of complaints) is handed to the terminal or pipe in
// pieces of about 64 KB: one write per line would cost a system call each, one string for all of
// it would not fit in memory.

const CHUNK = 64_000;

export class ChunkedOutput {
  private chunk = '';

  /** `gone()`: the reader went away (`complaint list | head`), so the rest need not be made. */
  constructor(
    private readonly out: (text: string) => void,
    private readonly gone: () => boolean = () => false,
  ) {}

  /** False once the reader has gone: the caller stops producing. */
  write(text: string): boolean {
    this.chunk += text;
    if (this.chunk.length < CHUNK) return true;
    this.flush();
    return !this.gone();
  }

  end(): void {
    this.flush();
  }

  private flush(): void {
    if (this.chunk !== '') this.out(this.chunk);
    this.chunk = '';
  }
}

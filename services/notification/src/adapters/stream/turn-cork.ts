/** What TurnCork needs of a stream: net.Socket and http.ServerResponse both have it. */
interface Corkable {
  cork(): void;
  uncork(): void;
}

/**
 * Holds a stream corked until the end of the current event-loop turn: the frames written to one
 * client while a batch of events fans out (one Redis read) leave in one system call instead of one
 * each. `hold()` before every write; the first one in a turn corks and schedules the uncork.
 */
export class TurnCork {
  private corked = false;

  constructor(private readonly stream: Corkable) {}

  hold(): void {
    if (this.corked) return;
    this.corked = true;
    this.stream.cork();
    process.nextTick(() => {
      this.corked = false;
      this.stream.uncork();
    });
  }
}

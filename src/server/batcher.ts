// Shares the network between concurrent requests. A forward pass costs about the same for one phrase as for
// dozens (per-op dispatch dominates), so single-phrase requests that arrive together wait for the end of the
// current event-loop turn (or `windowMs`) and run as one Predictor.predictMany; batching changes no result.
// Batch requests run in chunks with a turn of the event loop between them, and waiting single phrases go
// first at every turn, so one large batch never holds the event loop or other clients for long; a batch
// whose client has gone is dropped at its next chunk, so abandoned work cannot pile up.

import type { BatchItem, Detail, Predictor } from '../reading/predict.ts';

export interface BatcherOptions {
  /** How long the first waiting phrase may wait for others; 0 = only to the end of the current turn. */
  windowMs?: number;
  /** Most single phrases in one forward pass. */
  maxShared?: number;
  /** Phrases of a batch request run per turn of the event loop (Infinity: a whole batch in one turn). */
  chunk?: number;
}

interface Single {
  phrase: unknown;
  resolve: (item: BatchItem) => void;
  reject: (error: unknown) => void;
}

interface Bulk {
  phrases: readonly unknown[];
  detail: Detail;
  signal?: AbortSignal;
  /** Phrases read so far, and their results as JSON, a chunk's items per part (comma-separated). */
  done: number;
  parts: string[];
  resolve: (json: string[]) => void;
  reject: (error: unknown) => void;
}

export class Batcher {
  private readonly windowMs: number;
  private readonly maxShared: number;
  private readonly chunk: number;
  private singles: Single[] = [];
  private readonly bulks: Bulk[] = [];
  private scheduled = false;
  private windowOpen = false;
  /**
   * Forward passes run, and single phrases answered (their ratio is the sharing achieved); batch requests
   * dropped unfinished because their client left.
   */
  readonly stats = { passes: 0, singles: 0, abandoned: 0 };

  constructor(
    private readonly predictor: Predictor,
    { windowMs = 0, maxShared = 64, chunk = 250 }: BatcherOptions = {},
  ) {
    this.windowMs = windowMs;
    this.maxShared = maxShared;
    this.chunk = chunk;
  }

  /** One phrase's result (or its error item), from a forward pass shared with the phrases waiting with it. */
  one(phrase: unknown): Promise<BatchItem> {
    return new Promise((resolve, reject) => {
      this.singles.push({ phrase, resolve, reject });
      if (this.windowMs > 0 && this.singles.length === 1 && this.singles.length < this.maxShared) {
        this.windowOpen = true;
        setTimeout(() => {
          this.windowOpen = false;
          this.schedule();
        }, this.windowMs);
      } else {
        this.schedule();
      }
    });
  }

  /**
   * Many phrases' results in order, at the detail asked for, as JSON: the items of a chunk per part (join the
   * parts with commas, in brackets, for the array). Computed a chunk per turn of the event loop, and each
   * chunk's items turned to JSON in its own turn, so neither the reading nor the serialising of a large batch
   * holds the event loop at once, and its objects die young (kept whole to the end, a full batch's megabytes
   * of them outlived collections and were copied); written part by part, no answer-sized string is built.
   * Once `signal` aborts (the client went away) no further chunk runs and the promise rejects with its reason.
   */
  manyJson(phrases: readonly unknown[], detail: Detail = 'steps', signal?: AbortSignal): Promise<string[]> {
    return new Promise((resolve, reject) => {
      this.bulks.push({ phrases, detail, signal, done: 0, parts: [], resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.turn();
    });
  }

  /** One unit of work: the waiting singles if they may go, else one chunk of the oldest batch request. */
  private turn(): void {
    const singlesMayGo = this.singles.length >= this.maxShared || (!this.windowOpen && this.singles.length > 0);
    if (singlesMayGo) this.runSingles();
    else if (this.bulks.length > 0) this.runChunk();
    if (this.bulks.length > 0 || (this.singles.length > 0 && !this.windowOpen)) this.schedule();
  }

  private runSingles(): void {
    const group = this.singles.slice(0, this.maxShared);
    this.singles = this.singles.slice(group.length);
    try {
      const items = this.predictor.predictMany(group.map((s) => s.phrase));
      this.stats.passes += 1;
      this.stats.singles += group.length;
      group.forEach((s, i) => s.resolve(items[i] as BatchItem));
    } catch (error) {
      for (const s of group) s.reject(error);
    }
  }

  private runChunk(): void {
    const bulk = this.bulks.shift() as Bulk;
    if (bulk.signal?.aborted) {
      this.stats.abandoned += 1;
      bulk.reject(bulk.signal.reason);
      return;
    }
    try {
      const chunk = bulk.phrases.slice(bulk.done, bulk.done + this.chunk);
      if (chunk.length > 0) bulk.parts.push(JSON.stringify(this.predictor.predictMany(chunk, bulk.detail)).slice(1, -1));
      bulk.done += chunk.length;
    } catch (error) {
      bulk.reject(error);
      return;
    }
    // Requests take turns, a chunk each, so a small batch is not queued behind a large one.
    if (bulk.done < bulk.phrases.length) this.bulks.push(bulk);
    else bulk.resolve(bulk.parts);
  }
}

// Where pagination's guess at the next cursor comes from, per attempt: the body's first bytes as they arrive (the
// documented order, cursor before profiles: head-token.ts), else its last bytes once it is whole (the cursor after
// the profiles: tail-token.ts). The guess is offered to pagination's hint, which sends the next page's request if
// it may; a failed attempt withdraws that request.
import { HeadTokenScanner } from "./head-token.js";
import type { CursorHint } from "./paginate.js";
import { tailToken } from "./tail-token.js";
import type { BodyWatch } from "./transport.js";

/** A receiver's `watch`: a fresh watcher for each attempt of one list call. */
export const watchCursor = (hint: CursorHint) => (): BodyWatch => {
  const head = new HeadTokenScanner();
  let withdraw: (() => void) | undefined;
  let failed = false;
  // Pagination may refuse now (the caller holds a page, or this page's call has not begun) and accept later: a found
  // cursor is offered again with each chunk, at the end, and when pagination calls back.
  const offer = (token: string | undefined): boolean => {
    if (token !== undefined && withdraw === undefined && !failed) withdraw = hint(token, () => offer(token));
    return withdraw !== undefined;
  };
  return {
    chunk: (bytes) => {
      head.feed(bytes);
      if (head.token !== undefined) return !offer(head.token);
      return !head.done;
    },
    end: (bytes) => withdraw === undefined && offer(head.token ?? tailToken(bytes)),
    failed: () => {
      failed = true;
      withdraw?.();
    },
  };
};

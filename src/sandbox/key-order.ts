/**
 * The order of a list response's members. JSON objects are unordered, so no client may depend on it, but a double
 * of the API should serve the order the documentation shows, and a client's speed should be measured on it:
 * `documented` (the default) serves profiles as the seed's example and the vendor's 2026 spec show them, `total`,
 * `next_token`, then `data` (the cursor before the profiles), and indexes as the vendor's `GET /indexes` example
 * shows them, `data`, `next_token`, `total`. `data-first` serves both lists data first, as this sandbox did before.
 */
export const keyOrders = ["documented", "data-first"] as const;
export type KeyOrder = (typeof keyOrders)[number];

/** How one list's members are laid out: the cursor (and total) before the items, or after them. */
export type ListLayout = "cursor-first" | "data-first";

export function listLayout(list: "profiles" | "indexes", order: KeyOrder): ListLayout {
  return order === "documented" && list === "profiles" ? "cursor-first" : "data-first";
}

// The secrets edge: one registry of what the process must never show, one scrubber for everything it shows.
export { clearSecrets, registerSecret, replacementFor, scrub, type SecretKind } from "./registry.js";

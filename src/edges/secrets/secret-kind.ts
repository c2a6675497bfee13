// What a registered value is, and what it is replaced with when found.

export type SecretKind = "token" | "client secret" | "client id";

/** What a secret is replaced with: the kind, never any of its characters. */
export const replacementFor = (kind: SecretKind): string => (kind === "client id" ? "[client id]" : "[redacted]");

/** One CSV column: its own module, so format.ts (the encoder contract) and csv.ts (the encoder) need not import each other. */
export interface CsvColumn {
  header: string;
  /** Where the value lives: a top-level field of the profile, or a key of its `attributes`. */
  from: "profile" | "attributes";
  key: string;
}

// Preloaded (`node --import`) into a measured Node child when GNU time is missing: reports the process's peak
// RSS in kB to the file named by BENCH_MAXRSS_FILE when it exits.
import { writeFileSync } from "node:fs";

process.on("exit", () => {
  if (process.env.BENCH_MAXRSS_FILE) writeFileSync(process.env.BENCH_MAXRSS_FILE, String(process.resourceUsage().maxRSS));
});

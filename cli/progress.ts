/** A one-line progress bar on stderr (redrawn in place on a terminal, one line per update otherwise). */
export function renderProgress(label: string, pct: number, status: string): void {
  const width = 30;
  const filled = Math.round((Math.max(0, Math.min(100, pct)) / 100) * width);
  const bar = `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${String(Math.round(pct)).padStart(3)}% ${status.padEnd(9)} ${label}`;
  if (process.stderr.isTTY) process.stderr.write(`\r${bar}`);
  else console.error(bar);
}

/** Ends a progress line drawn in place. */
export function endProgress(): void {
  if (process.stderr.isTTY) process.stderr.write("\n");
}

/** Medians, ratios and the printed tables. */

export function median(values) {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function fmt(value, digits) {
  if (!Number.isFinite(value)) return '-';
  if (digits !== undefined) return value.toFixed(digits);
  const abs = Math.abs(value);
  if (abs >= 1000) return Math.round(value).toLocaleString('en-US');
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

export function ratio(value, base) {
  if (!Number.isFinite(value) || !Number.isFinite(base) || base === 0) return '-';
  return `${(value / base).toFixed(2)}x`;
}

/** A fixed-width table: `rows` are arrays of cells, the first column left-aligned. */
export function table(header, rows) {
  const widths = header.map((h, col) => Math.max(h.length, ...rows.map((row) => String(row[col]).length)));
  const line = (cells) =>
    cells
      .map((cell, col) => (col === 0 ? String(cell).padEnd(widths[col]) : String(cell).padStart(widths[col])))
      .join('  ');
  return [line(header), ...rows.map(line)].map((l) => `  ${l}`).join('\n');
}

/** The same table as GitHub-flavoured markdown, numbers right-aligned. */
export function markdownTable(header, rows) {
  const cellText = (cell) => String(cell).replace(/\|/g, '\\|');
  const line = (cells) => `| ${cells.map(cellText).join(' | ')} |`;
  const rule = `| ${header.map((_, col) => (col === 0 ? '---' : '---:')).join(' | ')} |`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

// The baseline file, conformance/expected-failures.yaml: the scenarios each leg is
// allowed to fail. Reads and writes it without a YAML library (the file uses a small,
// strictly checked subset of YAML) so the runner keeps running on Node 20 with no
// dependencies. The leg names are passed in: the legs table lives in run.mjs.

const BASELINE_HEADER = `# Conformance baseline: the scenarios each leg is allowed to fail.
#
# Read by conformance/run.mjs (see conformance/README.md). A failing scenario that is
# not listed under its leg fails the run. A listed scenario that passes is reported so
# its entry can be deleted: a scenario may leave the baseline, never enter it.
#
# Format (a deliberately small subset of YAML, read without a YAML library):
#   <leg>:            a leg name (one of those below)
#     - <scenario>    a scenario name exactly as the suite prints it
#   <leg>: []         nothing may fail in this leg
# Comments start with '#'. Regenerate with: node conformance/run.mjs --update-baseline
`;

/**
 * Parses the baseline file. Returns a Map from leg name to the list of scenario names.
 * `legNames` are the legs that may appear. Throws an Error naming the line for anything
 * outside the small format.
 */
export function parseBaseline(text, legNames) {
  const baseline = new Map();
  let current;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const where = `line ${i + 1}`;
    const line = stripComment(lines[i]).trimEnd();
    if (line.trim() === '') continue;
    const key = /^([A-Za-z0-9][\w.-]*)\s*:\s*(\[\s*\])?$/.exec(line);
    if (key) {
      const leg = key[1];
      if (!legNames.includes(leg)) {
        throw new Error(`${where}: unknown leg '${leg}' (legs: ${legNames.join(', ')})`);
      }
      if (baseline.has(leg)) throw new Error(`${where}: leg '${leg}' appears twice`);
      baseline.set(leg, []);
      current = key[2] ? undefined : leg;
      continue;
    }
    const item = /^\s+-\s+(.+)$/.exec(line);
    if (item) {
      if (current === undefined) {
        throw new Error(`${where}: list item outside a leg (or after '[]'): ${line.trim()}`);
      }
      const scenario = unquote(item[1].trim());
      if (scenario === '' || /\s/.test(scenario) || scenario.includes(':')) {
        throw new Error(`${where}: '${item[1].trim()}' is not a scenario name`);
      }
      const list = baseline.get(current);
      if (list.includes(scenario))
        throw new Error(`${where}: '${scenario}' is listed twice under ${current}`);
      list.push(scenario);
      continue;
    }
    throw new Error(`${where}: expected '<leg>:' or '  - <scenario>', got: ${line.trim()}`);
  }
  return baseline;
}

function stripComment(line) {
  // A comment starts at a '#' that begins the line or follows whitespace.
  const match = /(^|\s)#/.exec(line);
  return match ? line.slice(0, match.index) : line;
}

function unquote(value) {
  const quoted = /^(['"])(.*)\1$/.exec(value);
  return quoted ? quoted[2] : value;
}

/**
 * Writes a baseline Map back out: every leg in `legNames` (in that order), scenarios
 * sorted, header included.
 */
export function formatBaseline(baseline, legNames) {
  let out = BASELINE_HEADER;
  for (const leg of legNames) {
    const scenarios = [...(baseline.get(leg) ?? [])].sort();
    out += '\n';
    if (scenarios.length === 0) {
      out += `${leg}: []\n`;
    } else {
      out += `${leg}:\n`;
      for (const scenario of scenarios) out += `  - ${scenario}\n`;
    }
  }
  return out;
}

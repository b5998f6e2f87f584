// CI's dependency audit: `npm audit --omit=dev`, failing on any advisory for a production
// dependency that audit-allowlist.json does not list with a reason. When the registry's advisory
// service does not answer (some mirrors and closed networks refuse it), this says so and passes:
// the audit is then the operator's to run where the service is reachable.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const allowlist = JSON.parse(readFileSync(new URL('../audit-allowlist.json', import.meta.url), 'utf8'));
const allowed = new Set(allowlist.advisories.map((entry) => entry.url));

let output;
try {
  output = execFileSync('npm', ['audit', '--omit=dev', '--json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
} catch (error) {
  // npm audit exits 1 when it finds vulnerabilities; its report is still on stdout.
  output = error.stdout;
}

let report;
try {
  report = JSON.parse(output);
} catch {
  console.log('npm audit: no report (the advisory service did not answer); skipped');
  process.exit(0);
}
if (!report.vulnerabilities) {
  console.log(`npm audit: the advisory service did not answer (${report.message ?? report.error?.summary ?? 'no vulnerabilities section'}); skipped`);
  process.exit(0);
}

const findings = Object.values(report.vulnerabilities).flatMap((vulnerability) =>
  vulnerability.via.filter((via) => typeof via === 'object').map((via) => ({ name: vulnerability.name, severity: via.severity, title: via.title, url: via.url })),
);
const unlisted = findings.filter((finding) => !allowed.has(finding.url));
for (const finding of findings) console.log(`${allowed.has(finding.url) ? 'allowed' : 'FOUND  '} ${finding.severity} ${finding.name}: ${finding.title} ${finding.url}`);
if (unlisted.length) {
  console.error(`npm audit: ${unlisted.length} advisories for production dependencies are not in audit-allowlist.json`);
  process.exit(1);
}
console.log(`npm audit: ${findings.length} advisories, all allow-listed`);

import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";

/**
 * Serious and critical axe violations (WCAG 2.1 A and AA), with enough detail to find them in the
 * page. `within`: only that part (the crawl checks each page's `main`; the shell once, in a11y.spec).
 */
export async function seriousViolations(page: Page, opts: { within?: string } = {}) {
  const builder = new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]);
  const results = await (opts.within ? builder.include(opts.within) : builder).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5) }));
}

"""axe-core finds no serious or critical accessibility problem in the page's states (issue 14).

States: the empty page, results for "heart", the "why" popover, the detail view,
the same three in the dark theme, and licences.html in light and dark.

WHY this context bypasses the CSP: axe-core has to be injected into the page, and the
page's policy (rightly) refuses a script it did not ship. Only this test's context
does it; every other e2e test runs under the policy.
"""

from __future__ import annotations

from pathlib import Path

from .conftest import PageLog, REPO, wait_ready
from .page_states import STATES, show

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")

RUN_AXE = """async () => {
    const result = await axe.run(document, {resultTypes: ["violations"]});
    return result.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help,
        targets: v.nodes.slice(0, 6).map((n) => n.target.join(" ")),
        summary: (v.nodes[0] && v.nodes[0].failureSummary) || "",
    }));
}"""


def _violations(page) -> list[dict]:
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE))
    return [v for v in page.evaluate(RUN_AXE) if v["impact"] in BLOCKING]


def _report(found: dict[str, list[dict]]) -> str:
    lines = []
    for state, violations in found.items():
        for v in violations:
            lines.append(f"[{state}] {v['id']} ({v['impact']}): {v['help']}\n    targets: {v['targets']}\n"
                         f"    {v['summary'].replace(chr(10), chr(10) + '    ')}")
    return "\n".join(lines)


def test_no_serious_accessibility_violations(browser, site_url):
    assert AXE.is_file(), f"{AXE} missing: run `npm ci --ignore-scripts`"
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 800}, color_scheme="light")
    log = PageLog(context)
    page = context.new_page()
    page.goto(site_url)
    wait_ready(page, "semanticReady")
    found: dict[str, list[dict]] = {}
    for state in STATES:
        show(page, state)
        found[state] = _violations(page)
    show(page, "results")
    page.click("#theme")  # the page's own dark-mode toggle
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    for state in STATES:
        show(page, state)
        found[f"dark {state}"] = _violations(page)

    licences = context.new_page()
    for scheme in ("light", "dark"):
        licences.emulate_media(color_scheme=scheme)
        licences.goto(site_url + "licences.html")
        licences.locator("h1").wait_for()
        found[f"licences {scheme}"] = _violations(licences)
        licences.locator("details").first.evaluate("(d) => { d.open = true; }")
        found[f"licences {scheme}, licence text open"] = _violations(licences)
    context.close()
    found = {state: v for state, v in found.items() if v}
    assert not found, "axe-core found serious or critical problems:\n" + _report(found)
    assert not log.errors, log.errors

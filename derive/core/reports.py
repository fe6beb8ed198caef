"""Check results as reports a CI page can show: JUnit XML (one test case per derivation) and Markdown."""

from __future__ import annotations

from xml.etree import ElementTree as ET


def junit_xml(results: dict) -> str:
    """One <testcase> per derivation; a failure names the step, its reason and the counterexample point."""
    suite = ET.Element(
        "testsuite",
        name="derive check",
        tests=str(len(results)),
        failures=str(sum(not r.ok for r in results.values())),
        errors="0",
        skipped="0",
    )
    for name, result in sorted(results.items()):
        case = ET.SubElement(suite, "testcase", classname="derive.check", name=name)
        if not result.ok:
            failure = ET.SubElement(case, "failure", message=result.errors[0][:500], type="DerivationFailed")
            failure.text = "\n".join(result.errors)
        else:
            how = (
                "numeric only: steps " + ", ".join(str(s.index) for s in result.steps if s.method == "numeric")
                if any(s.method == "numeric" for s in result.steps)
                else "proved symbolically"
            )
            ET.SubElement(case, "system-out").text = how
    tree = ET.ElementTree(ET.Element("testsuites"))
    tree.getroot().append(suite)
    ET.indent(tree)
    return ET.tostring(tree.getroot(), encoding="unicode", xml_declaration=True) + "\n"


def markdown_summary(results: dict) -> str:
    """How many derivations are proved symbolically, how many rest on numeric steps, which failed."""
    failed = [r for r in results.values() if not r.ok]
    numeric = [r for r in results.values() if r.ok and any(s.method == "numeric" for s in r.steps)]
    symbolic = len(results) - len(failed) - len(numeric)
    lines = [
        "## Derivation checks",
        "",
        "| proved symbolically | numerically only (some steps) | failed |",
        "| ---: | ---: | ---: |",
        f"| {symbolic} | {len(numeric)} | {len(failed)} |",
        "",
    ]
    if numeric:
        lines += [
            "Derivations with steps checked numerically only: "
            + ", ".join(f"`{r.name}`" for r in sorted(numeric, key=lambda r: r.name)),
            "",
        ]
    if failed:
        lines += ["### Failed", ""] + [f"- `{r.name}`: {'; '.join(r.errors)}" for r in failed] + [""]
    return "\n".join(lines)

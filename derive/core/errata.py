"""The sources' claims the site reviewed, each with a verdict and the computed evidence behind it.

A chapter registers every claim of a post it checks: where it is (post and section), what it says (in
the site's own words), the verdict (right, wrong, imprecise) and the names of the derivations or values
that settle it. The chapter's box ([[erratum:NAME]]) and the errata page render from the same entry, so
the two cannot disagree; a "wrong" or "imprecise" verdict without computed evidence does not register.
"""

from __future__ import annotations

from dataclasses import dataclass

from derive.core.registry import RegistrationError, _caller_location
from derive.core.sources import POSTS

VERDICTS = ("right", "wrong", "imprecise")


@dataclass(frozen=True)
class SourceClaim:
    name: str
    post: str
    section: str  # the post's own section number or heading, e.g. "§1.9" or "2.1"
    title_en: str  # a short heading for the box: words, inline references allowed
    title_zh: str
    claim_en: str  # what the post says, restated in the site's own words
    claim_zh: str
    verdict: str
    evidence: tuple[str, ...]  # names of derivations or values that settle the claim
    why_en: str  # the explanation: words and inline references ([[value:...]], [[relation:...]])
    why_zh: str
    chapter: str = ""
    source_file: str = ""
    source_line: int = 0


CLAIMS: dict[str, SourceClaim] = {}


def source_claim(
    name: str,
    *,
    post: str,
    section: str,
    title_en: str,
    title_zh: str,
    claim_en: str,
    claim_zh: str,
    verdict: str,
    evidence=(),
    why_en: str = "",
    why_zh: str = "",
) -> SourceClaim:
    """Register a reviewed claim of a source post (see SourceClaim)."""
    if name in CLAIMS:
        raise RegistrationError(f"source claim {name!r} registered twice")
    if post not in POSTS:
        raise RegistrationError(f"source claim {name!r}: unknown post {post!r} (one of {', '.join(POSTS)})")
    if verdict not in VERDICTS:
        raise RegistrationError(f"source claim {name!r}: verdict must be one of {', '.join(VERDICTS)}")
    if verdict != "right" and not evidence:
        raise RegistrationError(f"source claim {name!r}: a {verdict!r} verdict needs computed evidence")
    file, line, chapter = _caller_location()
    claim = SourceClaim(
        name,
        post,
        section,
        title_en,
        title_zh,
        claim_en,
        claim_zh,
        verdict,
        tuple(evidence),
        why_en,
        why_zh,
        chapter,
        file,
        line,
    )
    CLAIMS[name] = claim
    return claim


def all_claims() -> list[SourceClaim]:
    from derive.core.discovery import load_chapters

    load_chapters()
    return sorted(CLAIMS.values(), key=lambda c: (list(POSTS).index(c.post), c.section, c.name))


def get_claim(name: str) -> SourceClaim:
    from derive.core.discovery import load_chapters
    from derive.core.registry import UnknownName

    load_chapters()
    try:
        return CLAIMS[name]
    except KeyError:
        raise UnknownName(f"unknown source claim {name!r}") from None


def unknown_evidence() -> list[str]:
    """Evidence names that are neither a derivation nor a value (a test insists there are none)."""
    from derive.core.registry import DERIVATIONS, VALUES

    return [f"{c.name}: {e}" for c in all_claims() for e in c.evidence if e not in DERIVATIONS and e not in VALUES]

"""Example claims and their verdicts, run through the same code as `python -m derive claim`."""

from __future__ import annotations

from derive.core.claim import claim_command
from derive.core.registry import value

EXAMPLES = {
    "claim_example_sigmoid": ("diff(sigmoid(x), x) = sigmoid(x)*(1 - sigmoid(x))", ()),
    "claim_example_sigmoid_wrong": ("diff(sigmoid(x), x) = sigmoid(x)*(1 + sigmoid(x))", ()),
    "claim_example_geometric": ("Sum(b^i, (i, 0, t - 1)) = (1 - b^t)/(1 - b)", ()),
    "claim_example_geometric_wrong": ("Sum(b^i, (i, 0, t)) = (1 - b^t)/(1 - b)", ()),
    "claim_example_sqrt": ("sqrt(x^2) = x", ()),
    "claim_example_sqrt_where": ("sqrt(x^2) = x", ("x > 0",)),
    "claim_example_bound": ("x*y <= (x^2 + y^2)/2", ()),
    "claim_example_hostile": ("__import__('os').system('ls') = 0", ()),
}


def command_line(name: str) -> str:
    text, where = EXAMPLES[name]
    return f'python -m derive claim "{text}"' + "".join(f' --where "{w}"' for w in where)


def _register(name: str) -> None:
    @value(name, fmt="{}", note="output of " + command_line(name))
    def run() -> str:
        text, where = EXAMPLES[name]
        code, message = claim_command(text, list(where), budget=60)
        return f"$ {command_line(name)}\n{message}\n(exit status {code})"


for _name in EXAMPLES:
    _register(_name)

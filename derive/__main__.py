import sys

if sys.argv[1:2] == ["claim"]:
    # Refuse hostile claim text before importing anything heavy (SymPy, NumPy, the chapters).
    from derive.core.claim_syntax import Malformed, precheck

    try:
        text = next(a for a in sys.argv[2:] if not a.startswith("--"))
        where = [sys.argv[i + 1] for i, a in enumerate(sys.argv[:-1]) if a == "--where"]
        precheck(text, where)
    except StopIteration:
        pass  # no claim given: the full parser says so
    except Malformed as exc:
        print(f"malformed claim: {exc}", file=sys.stderr)
        sys.exit(2)

from derive.cli import main  # noqa: E402

sys.exit(main())

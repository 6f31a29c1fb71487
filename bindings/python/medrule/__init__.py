"""medrule — rule-based clinical decision support, from Python.

    import medrule
    with medrule.Pack("rules/asra-ketamine-2018") as pack:
        result = pack.check({"patient": {"weight": "70 kg"}, "pain": {"conditions": ["crps"]}})
        print(result["disposition"], result["missing_facts"])

pack.check() returns exactly the contract §3 result that
`medrule check --format json` prints; pack.check_many() evaluates a stream of
records; pack.evaluate() and pack.new_facts() are the typed, structured side.
Only the standard library is used: ctypes over libmedrule.so.0 (see _lib for
where it is looked for; MEDRULE_LIBRARY names it explicitly).
"""
from ._pack import (Because, Error, Fact, FactError, Facts, Judgment, Pack, PackError, PackInfo, Quantity,
                    Reason, Recommendation, Result, Rule, Unknown, library_path, library_version)

__version__ = "0.2.0"
CONTRACT = 1

__all__ = ["Pack", "Facts", "Result", "Error", "FactError", "PackError", "Quantity", "PackInfo", "Rule",
           "Judgment", "Fact", "Reason", "Recommendation", "Because", "Unknown", "library_path",
           "library_version", "CONTRACT"]

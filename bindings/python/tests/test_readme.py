"""The README's Python session is real: run as a doctest from the repository root."""
import doctest
import os
import re

from conftest import HERE, ROOT


def test_readme_session():
    text = (HERE.parent / "README.md").read_text()
    blocks = re.findall(r"```pycon\n(.*?)```", text, re.S)
    assert blocks
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        parser = doctest.DocTestParser()
        test = parser.get_doctest("\n".join(blocks), {}, "README.md", str(HERE.parent / "README.md"), 0)
        runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
        runner.run(test)
        result = runner.summarize(verbose=False)
    finally:
        os.chdir(cwd)
    assert result.attempted >= 10 and result.failed == 0

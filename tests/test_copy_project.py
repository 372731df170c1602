"""The test harness's project copy (sitebuild.copy_project) while other test processes compile."""

from sitebuild import COMPILING


def test_a_module_being_compiled_elsewhere_is_not_copied_but_the_compiled_modules_are():
    names = [
        "links.cpython-311.pyc.139875649223984",  # Python's temporary name, renamed any moment
        "links.cpython-311.pyc",
        "links.py",
        "notes.txt",
    ]
    assert COMPILING("plugins/regional_showcase/data/__pycache__", names) == {
        "links.cpython-311.pyc.139875649223984"
    }

"""The hostile-input suite (issue #7): a package so that tests import .support."""

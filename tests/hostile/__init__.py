"""The hostile-input suite: a package so that tests import .support."""

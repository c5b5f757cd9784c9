"""Folder conversion: dump trees in, one output file per article out.

Four parts, each usable alone (import them from their modules; this package
imports nothing, so that the command line pays only for what it runs):

- :mod:`~newsparse.convert.naming`: the naming rule, an input's path to its
  output names.
- :mod:`~newsparse.convert.plan`: the walk over the inputs, in a fixed order,
  reserving output names as it goes.
- :mod:`~newsparse.convert.worker`: one input parsed and its outputs written,
  each atomically, comparing with what is already on disk first.
- :mod:`~newsparse.convert.pool`: the inputs fed to worker processes, results
  handed back in input order, and every signal handler of the run.

:mod:`~newsparse.convert.totals` adds up what a run did, for its summary line.
"""

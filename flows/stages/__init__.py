"""The stages of build_release as Prefect tasks: each reads and writes files in the run's work folder and
calls pure functions in transforms/.  Per-document stages are mapped over units of shards (run in worker
processes or on a Dask cluster); corpus-wide stages read compact tables in the flow's process."""

"""Using every core: Markdown converted in worker processes (reading), post pages rendered in
worker processes (writing). SHOWCASE_WORKERS=1, one core or a process with threads running
(`make serve`) is the serial build."""

"""The flow layer: the order stages run in, batching, and (later) parallelism.

`ingest` reads, cleans and stores in transactional batches; `refresh` keeps the stories
up to date with the stored articles; `analysis` computes and caches each story's analysis.
"""

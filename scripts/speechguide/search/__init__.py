"""Full-text search at any corpus size: exact Chinese phrases through a sharded index of
character bigrams, searched in the browser by a Web Worker behind Material's search box.

Stages: `normalize` (the one normalisation the index and the browser share), `blocks` (the
searchable paragraphs of each page), `index` (postings, shards and the files the worker loads).
"""

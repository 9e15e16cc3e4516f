"""The host's files: atomic writes and swaps, the rebuild caches (in memory and on
disk), no symbolic link followed out of the sources, the dates files last changed."""

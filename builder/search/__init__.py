"""Search: Chinese/pinyin tokenisation, the prebuilt lunr index and the search pages."""

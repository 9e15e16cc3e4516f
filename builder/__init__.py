"""gongshi: generator of an HR bureau's public disclosure (公示) portal."""

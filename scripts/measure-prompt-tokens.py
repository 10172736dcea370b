#!/usr/bin/env python3
"""Counts the tokens of dashbrief prompts with OpenAI's real tokenizers (o200k, cl100k), to check
the estimate dashbrief budgets with (UTF-8 bytes / 3). Needs `pip install bpe-openai` (the
tokenizer tables ship inside the wheel; nothing is downloaded at run time).

    scripts/measure-prompt-tokens.py FILE...        # prompt texts, e.g. from DASHBRIEF_PROMPT_DUMP
    dashbrief daily --show-prompt | scripts/measure-prompt-tokens.py -
"""
import re
import sys

import bpe_openai


def main() -> None:
    encodings = {name: bpe_openai.get_encoding(name) for name in ("o200k_base", "cl100k_base")}
    for path in sys.argv[1:] or ["-"]:
        text = sys.stdin.read() if path == "-" else open(path, encoding="utf-8").read()
        # --show-prompt adds headings and a closing line: count only the two messages.
        lines = [
            line for line in text.splitlines()
            if line not in ("# system", "# user") and not re.match(r"# \d+ tokens", line)
        ]
        text = "\n".join(lines)
        size = len(text.encode("utf-8"))
        estimate = (size + 2) // 3
        counts = ", ".join(f"{name} {len(encoding.encode(text))}" for name, encoding in encodings.items())
        print(f"{path}: {size} bytes, estimate {estimate}; {counts}")


if __name__ == "__main__":
    main()

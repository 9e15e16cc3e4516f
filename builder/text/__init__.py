"""Text and problems: YAML read with the position of every value, the problem list,
plain-Chinese key names, Chinese names, the personal-data detector, the text inside forms."""

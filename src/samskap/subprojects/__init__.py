"""Sub-projects of the programme: target groups, effect goals and interdisciplinary teams."""

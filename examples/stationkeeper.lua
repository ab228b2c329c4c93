-- The example lab used by scripts/run and the README.
computer "LAB-1" { stations = 4 }
computer "LAB-2" { stations = { "front", "back" } }

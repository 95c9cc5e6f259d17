"""Targets (招商图谱 and 链主型企业库): firms of the universe ranked for a chain's segments, each score a sum
of named parts, and one click from a candidate to a lead in the pipeline."""

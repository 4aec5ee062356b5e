"""Options of an enum parameter paired with the values the domain code takes (a shared module).

A ``QgsProcessingParameterEnum`` hands the algorithm an index; matching it against a tuple of the core by
position lets a label and its value drift apart silently. :class:`Choices` keeps each value beside its
(translated) label and, given the core's own tuple, refuses to be built when the two differ."""


class Choices:
    def __init__(self, pairs, of=None):
        """``pairs``: ``(value, label)`` in the order shown; ``of``: the values the core accepts — every one of
        them must be offered exactly once, and nothing else."""
        self.pairs = tuple(pairs)
        values = self.values
        if len(set(values)) != len(values):
            raise ValueError(f"duplicate values in {values}")
        if of is not None and set(values) != set(of):
            raise ValueError(f"enum options {values} do not match the values {tuple(of)}")

    @property
    def values(self):
        return tuple(value for value, _ in self.pairs)

    @property
    def labels(self):
        return [label for _, label in self.pairs]

    def value(self, index):
        """The value of the option at ``index`` (what parameterAsEnum returns)."""
        return self.pairs[index][0]

    def index(self, value):
        """The option index of ``value`` (for defaults)."""
        return self.values.index(value)

"""Disagreements: figures of one metric, subject and area that cannot all be true.

``rule`` says, in SQL, when two figures cannot both be right and why;
``regroup`` keeps the groups true after figures change, touching only the
figures a change can reach; ``reasons`` says why in three languages.
"""

from .regroup import regroup_figures, touching

__all__ = ["regroup_figures", "touching"]

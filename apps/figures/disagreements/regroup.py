"""Keeping disagreements true after figures change, touching only what a change can reach.

A disagreement is a connected group of figures that the rule (``rule``) sets
against each other, two by two: "214 (2002–2021)" against "2009 (since 2002)",
and "more than 200 (since 2002)" against the same "2009", make one group of
three. Staff see the groups of every figure that is not rejected; readers see
the groups formed by published figures alone, so that a draft never changes
what they see (not even the ``updated_at`` of a published figure).

When figures change, only their groups can change, and the groups of the
figures they now conflict with: those figures are found through the
partition index, the groups read whole, and the pairs among them judged by
PostgreSQL. Groups elsewhere in the partition are not read, however large the
partition. A group keeps its id when most of its figures stay together.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from . import rule
from .reasons import reasons

CONTRADICTION, IMPLAUSIBLE = "contradiction", "implausible"
# The pair a group's sentence speaks of: a contradiction before a likely misprint.
PRIORITY = {"same_period": 0, "inside": 1, "same_date": 2, "implausible": 3}


def regroup_figures(ids) -> None:
    """Regroup after these figures changed: their days compared are worked out
    again, then every group they were in or now reach is judged anew."""
    ids = sorted(set(ids))
    if not ids:
        return
    with transaction.atomic():
        Regrouping(ids).run()


def touching(ids) -> list[int]:
    """The other figures of the groups these figures are in (before deleting them)."""
    from django.db.models import Q

    from ..models import ReportedFigure

    ids = list(ids)
    theirs = ReportedFigure.objects.filter(pk__in=ids)
    return list(
        ReportedFigure.objects.filter(
            Q(disagreement__in=theirs.values("disagreement"))
            | Q(public_disagreement__in=theirs.values("public_disagreement"))
        )
        .exclude(pk__in=ids)
        .values_list("pk", flat=True)
    )


@dataclass
class Node:
    id: int
    status: str
    metric_id: int
    disagreement_id: int | None
    public_disagreement_id: int | None
    publicly_disputed: bool


@dataclass
class Group:
    """A connected group of figures and the pairs that join them."""

    members: list[int]
    edges: list[tuple[int, int, str]] = field(default_factory=list)

    @property
    def kind(self) -> str:
        relations = {relation for _, _, relation in self.edges}
        return IMPLAUSIBLE if relations == {rule.IMPLAUSIBLE} else CONTRADICTION

    def telling_pair(self, figures: dict) -> tuple[int, int, str]:
        """The pair its sentence speaks of: the plainest contradiction, else a
        misprint, between the figures whose periods say most."""

        def said(edge) -> tuple:
            a, b, relation = edge
            ends = sum(figures[x].compared_to is not None for x in (a, b))
            return (PRIORITY[relation], -ends, a, b)

        return min(self.edges, key=said)


class Regrouping:
    def __init__(self, ids: list[int]):
        from ..models import Disagreement, ReportedFigure

        self.changed = ids
        self.figures = ReportedFigure._meta.db_table
        self.metrics = ReportedFigure._meta.get_field("metric").related_model._meta.db_table
        self.quotes = ReportedFigure._meta.get_field("quote").related_model._meta.db_table
        self.Disagreement = Disagreement
        self.ReportedFigure = ReportedFigure
        self.now = timezone.now()

    def run(self) -> None:
        with connection.cursor() as cursor:
            self.cursor = cursor
            self.lock_partitions(self.changed)
            self.refresh_compared_days(self.changed)
            reach = self.with_their_groups(self.changed)
            reach |= self.with_their_groups(self.conflicting_with(reach))
            self.lock_partitions(reach)
            nodes = self.nodes(reach)
            edges = self.edges_among(reach)
        staff = self.groups(nodes, edges, lambda node: node.status != "rejected")
        public = self.groups(nodes, edges, lambda node: node.status == "published")
        staff_ids = self.keep_or_make(staff, nodes, public=False)
        public_ids = self.keep_or_make(public, nodes, public=True)
        self.write(
            nodes,
            {m: pk for group, pk in zip(staff, staff_ids, strict=True) for m in group.members},
            {m: pk for group, pk in zip(public, public_ids, strict=True) for m in group.members},
        )
        self.describe([*zip(staff, staff_ids, strict=True), *zip(public, public_ids, strict=True)])
        self.drop_empty(nodes)

    # --- Reading -------------------------------------------------------------

    def lock_partitions(self, ids) -> None:
        """Two regroupings of one partition wait for each other (in a fixed order)."""
        self.cursor.execute(
            f"""SELECT pg_advisory_xact_lock(7204031, hashtext(key)) FROM (
                SELECT DISTINCT partition_key AS key FROM {self.figures}
                WHERE id = ANY(%s) ORDER BY 1) AS partitions""",
            [sorted(ids)],
        )

    def refresh_compared_days(self, ids: list[int]) -> None:
        sources = (
            self.ReportedFigure._meta.get_field("quote")
            .related_model._meta.get_field("source")
            .related_model._meta.db_table
        )
        self.cursor.execute(
            f"""UPDATE {self.figures} AS target
            SET compared_from = days.compared_from, compared_to = days.compared_to
            FROM (SELECT {rule.compared_days_sql()}
                FROM {self.figures} f JOIN {self.metrics} m ON m.id = f.metric_id
                JOIN {self.quotes} q ON q.id = f.quote_id JOIN {sources} s ON s.id = q.source_id
                WHERE f.id = ANY(%s)) AS days
            WHERE target.id = days.id
                AND (target.compared_from IS DISTINCT FROM days.compared_from
                    OR target.compared_to IS DISTINCT FROM days.compared_to)""",
            [ids],
        )

    def with_their_groups(self, ids) -> set[int]:
        """The figures and every figure of the groups they are in (staff's and readers')."""
        ids = sorted(set(ids))
        if not ids:
            return set()
        self.cursor.execute(
            f"""SELECT id FROM {self.figures} WHERE id = ANY(%s)
            UNION SELECT id FROM {self.figures} WHERE disagreement_id IN (
                SELECT disagreement_id FROM {self.figures} WHERE id = ANY(%s))
            UNION SELECT id FROM {self.figures} WHERE public_disagreement_id IN (
                SELECT public_disagreement_id FROM {self.figures} WHERE id = ANY(%s))""",
            [ids, ids, ids],
        )
        return {row[0] for row in self.cursor.fetchall()}

    def conflicting_with(self, ids: set[int]) -> set[int]:
        """The figures of the same partitions that the rule sets against these ones."""
        self.cursor.execute(
            f"""WITH x AS MATERIALIZED (
                SELECT {rule.columns_sql("f")} FROM {self.figures} f
                JOIN {self.metrics} m ON m.id = f.metric_id
                WHERE f.id = ANY(%s) AND f.status <> 'rejected')
            SELECT DISTINCT p.id FROM x JOIN LATERAL (
                SELECT {rule.columns_sql("f")} FROM {self.figures} f
                JOIN {self.metrics} m ON m.id = f.metric_id
                WHERE f.partition_key = x.partition_key AND f.status <> 'rejected'
                    AND f.id <> x.id) AS p ON true
            WHERE {rule.relation_sql("x", "p")} IS NOT NULL""",
            [sorted(ids)],
        )
        return {row[0] for row in self.cursor.fetchall()}

    def nodes(self, ids: set[int]) -> dict[int, Node]:
        self.cursor.execute(
            f"""SELECT id, status, metric_id, disagreement_id, public_disagreement_id,
                publicly_disputed FROM {self.figures} WHERE id = ANY(%s)""",
            [sorted(ids)],
        )
        return {row[0]: Node(*row) for row in self.cursor.fetchall()}

    def edges_among(self, ids: set[int]) -> list[tuple[int, int, str]]:
        self.cursor.execute(
            f"""WITH r AS MATERIALIZED (
                SELECT {rule.columns_sql("f")} FROM {self.figures} f
                JOIN {self.metrics} m ON m.id = f.metric_id
                WHERE f.id = ANY(%s) AND f.status <> 'rejected')
            SELECT * FROM (
                SELECT a.id, b.id, {rule.relation_sql("a", "b")} AS relation
                FROM r a JOIN r b ON a.partition_key = b.partition_key AND a.id < b.id) AS pairs
            WHERE relation IS NOT NULL""",
            [sorted(ids)],
        )
        return self.cursor.fetchall()

    # --- Grouping ------------------------------------------------------------

    @staticmethod
    def groups(nodes: dict[int, Node], edges, counts) -> list[Group]:
        """The connected groups of two figures or more, among the nodes that count."""
        parent = {node_id: node_id for node_id, node in nodes.items() if counts(node)}

        def root(node_id: int) -> int:
            while parent[node_id] != node_id:
                parent[node_id] = parent[parent[node_id]]
                node_id = parent[node_id]
            return node_id

        kept = [(a, b, relation) for a, b, relation in edges if a in parent and b in parent]
        for a, b, _relation in kept:
            parent[root(a)] = root(b)
        grouped: dict[int, Group] = {}
        for node_id in sorted(parent):
            grouped.setdefault(root(node_id), Group(members=[])).members.append(node_id)
        for a, b, relation in kept:
            grouped[root(a)].edges.append((a, b, relation))
        return [group for group in grouped.values() if len(group.members) > 1]

    def keep_or_make(self, groups: list[Group], nodes, *, public: bool) -> list[int]:
        """Each group's disagreement: the one most of its figures had (of the same
        metric, each kept by one group only), else a new one."""
        column = "public_disagreement_id" if public else "disagreement_id"
        metric_of = {}
        held = {getattr(node, column) for node in nodes.values()} - {None}
        if held:
            metric_of = dict(
                self.Disagreement.objects.filter(pk__in=held, public=public).values_list(
                    "pk", "metric_id"
                )
            )
        claims = []
        for index, group in enumerate(groups):
            metric = nodes[group.members[0]].metric_id
            counted = Counter(
                getattr(nodes[member], column)
                for member in group.members
                if metric_of.get(getattr(nodes[member], column)) == metric
            )
            claims += [(-count, pk, index) for pk, count in counted.items()]
        chosen: dict[int, int] = {}
        taken: set[int] = set()
        for _count, pk, index in sorted(claims):
            if index not in chosen and pk not in taken:
                chosen[index], taken = pk, taken | {pk}
        new = [
            self.Disagreement(metric_id=nodes[group.members[0]].metric_id, public=public)
            for index, group in enumerate(groups)
            if index not in chosen
        ]
        made = iter(self.Disagreement.objects.bulk_create(new))
        return [chosen[index] if index in chosen else next(made).pk for index in range(len(groups))]

    # --- Writing -------------------------------------------------------------

    def write(self, nodes: dict[int, Node], staff_of: dict, public_of: dict) -> None:
        """The figures whose groups change, and only them; a published figure's
        ``updated_at`` moves only when what readers see of it changes."""
        seen, unseen = [], []
        for node in nodes.values():
            staff, shown = staff_of.get(node.id), public_of.get(node.id)
            if (shown, shown is not None) != (node.public_disagreement_id, node.publicly_disputed):
                seen.append((node.id, staff, shown))
            elif staff != node.disagreement_id:
                unseen.append((node.id, staff, shown))
        for changes, stamp in ((seen, ", updated_at = %s"), (unseen, "")):
            if not changes:
                continue
            ids, staff, shown = (list(column) for column in zip(*changes, strict=True))
            with connection.cursor() as cursor:
                cursor.execute(
                    f"""UPDATE {self.figures} AS f SET disagreement_id = c.staff,
                        public_disagreement_id = c.shown, publicly_disputed = c.shown IS NOT NULL
                        {stamp}
                    FROM unnest(%s::bigint[], %s::bigint[], %s::bigint[]) AS c(id, staff, shown)
                    WHERE f.id = c.id""",
                    [*([self.now] if stamp else []), ids, staff, shown],
                )

    def describe(self, groups: list[tuple[Group, int]]) -> None:
        """Each group's kind and its sentence, from the pair that tells it best;
        written only where they change."""
        if not groups:
            return
        wanted = {x for group, _ in groups for a, b, _ in group.edges for x in (a, b)}
        figures = self.ReportedFigure.objects.select_related("metric").in_bulk(wanted)
        stored = self.Disagreement.objects.in_bulk([pk for _, pk in groups])
        for group, pk in groups:
            a, b, relation = group.telling_pair(figures)
            said = {
                "kind": group.kind,
                **reasons(relation, figures[a], figures[b], len(group.members)),
            }
            if any(getattr(stored[pk], name) != value for name, value in said.items()):
                self.Disagreement.objects.filter(pk=pk).update(updated_at=self.now, **said)

    def drop_empty(self, nodes: dict[int, Node]) -> None:
        """Disagreements left with fewer than two figures are gone."""
        before = {n.disagreement_id for n in nodes.values()} | {
            n.public_disagreement_id for n in nodes.values()
        }
        before.discard(None)
        if before:
            from django.db.models import Count, Q

            self.Disagreement.objects.filter(pk__in=before).annotate(
                staff=Count("figures", distinct=True),
                shown=Count("public_figures", distinct=True),
            ).filter(Q(public=False, staff__lt=2) | Q(public=True, shown__lt=2)).delete()

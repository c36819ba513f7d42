"""Sources and the verbatim quotes taken from them.

Every reported figure rests on a Quote, and every Quote on the exact words of
its Source's text: the offsets are computed here, never typed.
"""

from __future__ import annotations

import hashlib

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.core.dates import (
    PartialDate,
    partial_date_constraint_fields,
    partial_date_constraints,
    partial_date_fields,
)
from apps.core.models import FieldKeyedConstraintsMixin
from apps.core.search import Words
from apps.core.versions import VersionField

from .matching import find_span, nearest_passage


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Source(FieldKeyedConstraintsMixin, models.Model):
    class Kind(models.TextChoices):
        NEWS_ARTICLE = "news_article", _("news article")
        INTERVIEW = "interview", _("interview")
        OFFICIAL_STATEMENT = "official_statement", _("official statement")
        REPORT = "report", _("report")
        OPINION = "opinion", _("opinion piece")
        OTHER = "other", _("other")

    class Language(models.TextChoices):
        ARABIC = "ar", _("Arabic")
        ENGLISH = "en", _("English")
        FRENCH = "fr", _("French")

    title = models.CharField(
        _("title"), max_length=500, help_text=_("The headline as printed in the source.")
    )
    publisher = models.CharField(
        _("publisher"),
        max_length=200,
        blank=True,
        help_text=_("The outlet or body that published it. Leave empty when unknown."),
    )
    author = models.CharField(
        _("author"), max_length=200, blank=True, help_text=_("Leave empty when not stated.")
    )
    url = models.URLField(_("URL"), max_length=1000, blank=True)
    published_on, published_on_precision = partial_date_fields(_("published on"))
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.ARABIC
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.NEWS_ARTICLE
    )
    text = models.TextField(
        _("full text"),
        help_text=_("The source's full text, pasted verbatim. Quotes are located in it."),
    )
    text_sha256 = models.CharField(_("SHA-256 of the text"), max_length=64, editable=False)
    openly_licensed = models.BooleanField(
        _("openly licensed"),
        default=False,
        help_text=_(
            "Tick only when anyone may republish the text (a public-domain statement, a report "
            "under an open licence): readers then see the full text. Otherwise they see only "
            "the passages that published figures quote."
        ),
    )
    retrieved_at = models.DateTimeField(_("retrieved at"), null=True, blank=True)
    seed_file = models.CharField(
        _("seed file"),
        max_length=200,
        blank=True,
        help_text=_("For sources loaded from the seeds/ folder: the file's name."),
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    version = VersionField()
    # The words the search finds a source by: its title and publisher, and the
    # address or file name staff paste to find it again.
    search_text = models.GeneratedField(
        expression=Words(
            F("title"), F("publisher"), F("url"), F("seed_file"), language=F("language")
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    history = HistoricalRecords(excluded_fields=["search_text"])

    CONSTRAINT_FIELDS = {
        "sources_source_unique_url": "url",
        "sources_source_unique_seed_file": "seed_file",
        "sources_source_text_not_blank": "text",
        **partial_date_constraint_fields("sources_source", "published_on"),
    }

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["title", "id"]
        indexes = [
            GinIndex(fields=["search_text"], name="source_search_words"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["url"],
                condition=~Q(url=""),
                name="sources_source_unique_url",
                violation_error_message=_("Another source already has this URL."),
            ),
            models.UniqueConstraint(
                fields=["seed_file"],
                condition=~Q(seed_file=""),
                name="sources_source_unique_seed_file",
            ),
            models.CheckConstraint(
                condition=Q(text__regex=r"\S"),
                name="sources_source_text_not_blank",
                violation_error_message=_("A source needs its text."),
            ),
            models.CheckConstraint(
                condition=Q(text_sha256__regex=r"^[0-9a-f]{64}$"),
                name="sources_source_sha256_is_hex",
            ),
            *partial_date_constraints("sources_source", "published_on"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.text_sha256 = text_digest(self.text)
        stored = getattr(self, "_stored_sha256", None)
        super().save(*args, **kwargs)
        self._stored_sha256 = self.text_sha256
        if stored is not None and stored != self.text_sha256:
            self.recheck_quotes()

    def clean(self) -> None:
        self.text_sha256 = text_digest(self.text or "")

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._stored_sha256 = instance.__dict__.get("text_sha256")
        return instance

    @property
    def published(self) -> PartialDate:
        return PartialDate.of(self, "published_on")

    def recheck_quotes(self) -> int:
        """Re-locate every quote after a text edit; returns how many are lost."""
        lost = 0
        for quote in self.quotes.all():
            span = find_span(self.text, quote.text, near=quote.start)
            if span is None:
                lost += 1
                Quote.objects.filter(pk=quote.pk).update(in_source=False)
            else:
                Quote.objects.filter(pk=quote.pk).update(start=span[0], end=span[1], in_source=True)
        return lost


class QuoteQuerySet(models.QuerySet):
    def lost(self) -> QuoteQuerySet:
        """Quotes whose words are no longer in their source's text."""
        return self.filter(in_source=False)


class Quote(FieldKeyedConstraintsMixin, models.Model):
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="quotes", verbose_name=_("source")
    )
    text = models.TextField(
        _("exact words"),
        help_text=_("Paste the words exactly as they appear in the source's text."),
    )
    start = models.PositiveIntegerField(_("start offset"), editable=False)
    end = models.PositiveIntegerField(_("end offset"), editable=False)
    in_source = models.BooleanField(
        _("found in source"),
        default=True,
        editable=False,
        help_text=_(
            "Cleared when the source's text is edited and these words are no longer in it."
        ),
    )
    speaker = models.CharField(
        _("speaker"), max_length=200, blank=True, help_text=_("Who says these words, if anyone.")
    )
    speaker_institution = models.ForeignKey(
        "registry.Institution",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="quotes",
        verbose_name=_("speaker's institution"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    version = VersionField()
    search_text = models.GeneratedField(
        expression=Words(F("text")), output_field=SearchVectorField(), db_persist=True
    )

    objects = QuoteQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_text"])

    CONSTRAINT_FIELDS = {
        "sources_quote_text_not_blank": "text",
        "sources_quote_unique_span": "text",
    }

    class Meta:
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        ordering = ["source", "start"]
        indexes = [
            GinIndex(fields=["search_text"], name="quote_search_words"),
            # The few quotes lost from their source, a review queue: found without
            # reading the million that are not.
            models.Index(fields=["id"], condition=Q(in_source=False), name="quote_lost"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(text__regex=r"\S"),
                name="sources_quote_text_not_blank",
                violation_error_message=_("A quote needs its words."),
            ),
            models.CheckConstraint(
                condition=Q(end=F("start") + Length("text")),
                name="sources_quote_offsets_span_text",
                violation_error_message=_("The offsets must span exactly the quoted words."),
            ),
            models.UniqueConstraint(
                fields=["source", "start", "end"],
                name="sources_quote_unique_span",
                violation_error_message=_("These words of this source are already a quote."),
            ),
        ]

    def __str__(self) -> str:
        words = self.text if len(self.text) <= 80 else f"{self.text[:79]}…"
        return f"«{words}»"

    def save(self, *args, **kwargs) -> None:
        self.locate()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        # A new source's quotes are checked against its text before either is saved
        # (the admin's inline rows): the source is then known, though not its id.
        if self.text and (self.source_id is not None or Quote.source.is_cached(self)):
            self.locate()

    def locate(self) -> None:
        """Compute the offsets of the words in the source, or refuse them."""
        span = find_span(self.source.text, self.text, near=self.start)
        if span is None:
            raise ValidationError({"text": self.not_found_message()})
        self.start, self.end = span
        self.in_source = True

    def not_found_message(self) -> str:
        nearest = nearest_passage(self.source.text, self.text)
        message = _("These words are not in the source's text.")
        if nearest:
            message = _("%(message)s Nearest passage: «%(nearest)s»") % {
                "message": message,
                "nearest": nearest,
            }
        return str(message)

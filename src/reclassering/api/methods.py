"""The method routes, gathered for the app: the catalogue, a measure's enrolment, its method records
and its Safe Path coach pair.

Every route carries its access rule, so the guard and the audit hook cover it.
"""

from __future__ import annotations

from litestar import Controller

from .coach_pairs import CoachPairController
from .method_catalogue import MethodCatalogueController
from .method_enrolment import EnrolmentController
from .method_records import MethodRecordsController, PatternController

CONTROLLERS: list[type[Controller]] = [
    MethodCatalogueController,
    EnrolmentController,
    MethodRecordsController,
    PatternController,
    CoachPairController,
]

"""The method routes, gathered for the app: the catalogue, a measure's enrolment and its method records.

Every route carries its access rule, so the guard and the audit hook cover it.
"""

from __future__ import annotations

from litestar import Controller

from .method_catalogue import MethodCatalogueController
from .method_enrolment import EnrolmentController
from .method_records import CoachPairController, MethodRecordsController, PatternController

CONTROLLERS: list[type[Controller]] = [
    MethodCatalogueController,
    EnrolmentController,
    MethodRecordsController,
    PatternController,
    CoachPairController,
]

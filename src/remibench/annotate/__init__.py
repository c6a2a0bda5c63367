"""``remi annotate``: a local web app in which a person answers ReMI items and is scored like a model.

:mod:`session` owns the annotator's run (items, order, resume, records); :mod:`app` serves it
over HTTP to the page in ``static/``; :mod:`hints` says in plain words what each task's answer
looks like.
"""

from remibench.annotate.app import is_loopback, make_server, serve
from remibench.annotate.session import AnnotationError, AnnotationSession, open_session

__all__ = ["AnnotationError", "AnnotationSession", "is_loopback", "make_server", "open_session", "serve"]

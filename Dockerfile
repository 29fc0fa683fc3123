# reclassering: the web service (and, with another command, the scheduler) in one image.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    RECLASSERING_HOST=0.0.0.0 RECLASSERING_PORT=8000 RECLASSERING_DATA_DIR=/var/lib/reclassering

# pg_dump/pg_restore for 'reclassering backup' and 'restore' on PostgreSQL
RUN apt-get update && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home /var/lib/reclassering --create-home reclassering

WORKDIR /app
COPY pyproject.toml README.md LICENSE* ./
COPY src ./src
RUN pip install --no-cache-dir .

USER reclassering
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request,sys; \
sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/health/live').status == 200 else 1)"
CMD ["reclassering", "serve"]

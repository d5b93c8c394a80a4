# The production-like image: the same Makefile targets as on a laptop (make web, make worker, make beat).
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 VAR_DIR=/var/lib/coalition
RUN apt-get update && apt-get install -y --no-install-recommends make postgresql-client && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml ./
COPY . .
RUN python -m venv .venv && .venv/bin/pip install --no-cache-dir . && touch .venv/.installed \
    && mkdir -p /var/lib/coalition && useradd --system coalition && chown -R coalition /var/lib/coalition
USER coalition
EXPOSE 8000
CMD ["make", "web"]

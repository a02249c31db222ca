FROM python:3.12-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 VAR_DIR=/var/lib/eco62
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --create-home --uid 1000 eco62 && mkdir -p /var/lib/eco62 && chown eco62 /var/lib/eco62

WORKDIR /app
COPY pyproject.toml requirements.lock README.md ./
RUN pip install --no-cache-dir -c requirements.lock .
COPY . .
RUN DEBUG=true python manage.py collectstatic --no-input && chown -R eco62 /var/lib/eco62

USER eco62
EXPOSE 8000
CMD ["gunicorn", "eco62.wsgi:application", "--bind", "0.0.0.0:8000", "--forwarded-allow-ips", "*", "--access-logfile", "-"]
